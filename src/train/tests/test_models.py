import torch
from torch import nn

from jesture_train.flops import count_macs, model_cost
import pytest

from jesture_train.models import ARCHES, C3DBN, ModelConfig, build_model

# The family name each architecture writes into ``jesture.arch`` (default head, TTL depths and padding).
ARCH_NAMES = {"r2plus1d": "r2plus1d-small", "r2plus1d-ttl": "r2plus1d-ttl135-small",
              "r2plus1d-2d": "r2plus1d-2d-small", "c3d": "c3d-bn"}


def test_flop_counter_on_known_layers():
    conv = nn.Sequential(nn.Conv3d(3, 8, 3, padding=1), nn.Flatten(), nn.Linear(8 * 4 * 8 * 8, 5))
    total, layers = count_macs(conv, (1, 3, 4, 8, 8))
    assert layers["0"] == 8 * 4 * 8 * 8 * 3 * 27      # outputs x (in_channels x kernel volume)
    assert layers["2"] == 5 * 2048
    assert total == layers["0"] + layers["2"]


def test_default_model_shape_and_cost_targets():
    cfg = ModelConfig()
    model = build_model(cfg).eval()
    assert model(torch.zeros(2, *cfg.input_shape(1)[1:])).shape == (2, 27)
    cost = model_cost(model, cfg)
    assert 100 <= cost["mflops"] <= 300, cost  # the real-time CPU budget of issue 2
    assert cost["params"] < 5e6 / 4           # well under the 20 MB model-file limit


def test_c3d_has_the_layout_of_tran_et_al_with_batch_norm():
    cfg = ModelConfig(arch="c3d", clip_len=16, height=112, width_px=112)
    model = C3DBN(cfg)
    assert model.flat_features == 8192
    convs = [m for m in model.features if isinstance(m, nn.Conv3d)]
    assert [c.out_channels for c in convs] == [64, 128, 256, 256, 512, 512, 512, 512]
    assert sum(isinstance(m, nn.BatchNorm3d) for m in model.features) == 8
    fcs = [m for m in model.classifier if isinstance(m, nn.Linear)]
    assert [(f.in_features, f.out_features) for f in fcs] == [(8192, 4096), (4096, 4096), (4096, 27)]


def test_c3d_width_and_any_input_size():
    cfg = ModelConfig(arch="c3d", width=0.125, clip_len=8, height=48, width_px=64, num_classes=5)
    model = build_model(cfg).eval()
    assert model(torch.zeros(3, 3, 8, 48, 64)).shape == (3, 5)


def test_c3d_takes_the_same_motion_input_as_the_default_net():
    for motion, cin in ((True, 6), (False, 3)):
        cfg = ModelConfig(arch="c3d", width=0.125, clip_len=8, height=48, width_px=64, motion=motion)
        model = build_model(cfg).eval()
        assert model.features[0].in_channels == cin
        # The contract is unchanged either way: the graph's input is RGB [N,3,T,H,W].
        assert model(torch.zeros(2, 3, 8, 48, 64)).shape == (2, 27)


def test_motion_only_network_is_blind_to_what_does_not_move():
    cfg = ModelConfig(width=0.25, clip_len=8, height=32, width_px=48, appearance=False)
    model = build_model(cfg).eval()
    assert model.stem[0].in_channels == 3
    assert cfg.name().endswith("-diffonly")
    # The same motion over two different still scenes gives the same output: only differences enter.
    g = torch.Generator().manual_seed(3)
    moving = torch.zeros(1, 3, 8, 32, 48)
    for t in range(8):
        moving[:, :, t, 10:16, 4 + 4 * t:10 + 4 * t] = 1.0
    scene_a = torch.rand(1, 3, 1, 32, 48, generator=g)
    scene_b = torch.rand(1, 3, 1, 32, 48, generator=g)
    with torch.no_grad():
        a, b = model(moving + scene_a), model(moving + scene_b)
        assert torch.allclose(a, b, atol=1e-5)
        # ... and the default network, which sees the frames too, tells them apart.
        full = build_model(ModelConfig(width=0.25, clip_len=8, height=32, width_px=48)).eval()
        assert not torch.allclose(full(moving + scene_a), full(moving + scene_b), atol=1e-5)
    # A checkpoint's config without the field (every model trained before it) still sees the frames.
    assert ModelConfig.from_dict({"arch": "r2plus1d"}).appearance
    with pytest.raises(ValueError, match="no input"):
        ModelConfig(appearance=False, motion=False).validate()


@pytest.mark.parametrize("arch", ARCHES)
def test_every_arch_builds_and_names_itself(arch):
    cfg = ModelConfig(arch=arch, width=0.125, clip_len=8, height=48, width_px=64, num_classes=5)
    model = build_model(cfg).eval()
    assert model(torch.zeros(2, *cfg.input_shape(1)[1:])).shape == (2, 5)
    assert cfg.name() == f"{ARCH_NAMES[arch]}-w0.125"
    assert set(ARCH_NAMES) == set(ARCHES)


def test_an_unknown_arch_has_no_name():
    with pytest.raises(ValueError, match="unknown arch 'i3d'"):
        ModelConfig(arch="i3d").name()
