"""The Efficient-3DCNNs networks of jesture_train.zoo: shapes, strict state_dict round trips, sizes."""
import io

import pytest
import torch

from jesture_train.flops import count_macs
from jesture_train.models import count_params
from jesture_train.zoo import (MobileNetV2_3d, ShuffleNet3d, ShuffleNetV2_3d, build_zoo_model,
                               strip_data_parallel, zoo_arch_name)

CLIP = (1, 3, 16, 112, 112)  # that project's Jester input


def _randomise(model: torch.nn.Module, seed: int) -> torch.nn.Module:
    """Non-trivial weights and BN statistics, so a round trip that dropped any of them shows."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if t.dtype.is_floating_point:
                v = torch.rand(t.shape, generator=gen) * 0.5 + 0.5 if "running_var" in name else \
                    torch.randn(t.shape, generator=gen) * 0.1
                t.copy_(v)
    return model.eval()


def _round_trip(model: torch.nn.Module, rebuild, shape=(2, 3, 8, 32, 32)) -> None:
    buf = io.BytesIO()
    # Saved the way that project saved it: from DataParallel, every key prefixed with "module.".
    torch.save({"state_dict": {f"module.{k}": v for k, v in model.state_dict().items()}}, buf)
    buf.seek(0)
    state = strip_data_parallel(torch.load(buf)["state_dict"])
    fresh = rebuild()
    fresh.load_state_dict(state, strict=True)
    fresh.eval()
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(7)) * 50
    with torch.no_grad():
        a, b = model(x), fresh(x)
    assert a.shape == (shape[0], 27)
    assert a.std() > 1e-3, "random weights should not give constant logits"
    assert torch.equal(a, b)


@pytest.mark.parametrize("width,groups", [(0.5, 3), (0.25, 3), (1.0, 1), (1.0, 2), (1.0, 4), (1.0, 8), (1.5, 1)])
def test_shufflenet_v1_state_dict_round_trip(width, groups):
    model = _randomise(ShuffleNet3d(27, width, groups), seed=1)
    _round_trip(model, lambda: ShuffleNet3d(27, width, groups))


@pytest.mark.parametrize("width", [0.25, 0.5, 0.75, 1.0, 2.0])
def test_shufflenet_v2_state_dict_round_trip(width):
    model = _randomise(ShuffleNetV2_3d(27, width), seed=2)
    _round_trip(model, lambda: ShuffleNetV2_3d(27, width))


@pytest.mark.parametrize("width", [0.2, 0.45, 0.7, 1.0, 1.5])
def test_mobilenet_v2_state_dict_round_trip(width):
    model = _randomise(MobileNetV2_3d(27, width), seed=3)
    _round_trip(model, lambda: MobileNetV2_3d(27, width))


@pytest.mark.parametrize("arch,width,groups", [("shufflenet", 0.5, 3), ("shufflenetv2", 1.0, 3), ("mobilenetv2", 1.0, 3)])
def test_a_jester_clip_gives_27_logits(arch, width, groups):
    model = build_zoo_model(arch, 27, width, groups).eval()
    with torch.no_grad():
        assert model(torch.zeros(*CLIP)).shape == (1, 27)
        assert model(torch.zeros(2, *CLIP[1:])).shape == (2, 27)


def test_module_names_follow_the_published_checkpoints():
    v2 = ShuffleNetV2_3d(27, 0.5).state_dict()
    for key in ("conv1.0.weight", "features.0.banch1.0.weight", "features.0.banch1.2.weight",
                "features.0.banch2.0.weight", "features.0.banch2.3.weight", "features.0.banch2.5.weight",
                "features.15.banch2.6.running_var", "conv_last.0.weight", "conv_last.1.bias", "classifier.1.weight"):
        assert key in v2, key
    assert "features.1.banch1.0.weight" not in v2  # stride-1 units have one branch
    assert len([k for k in v2 if k.startswith("features.") and k.endswith("banch2.0.weight")]) == 16
    m2 = MobileNetV2_3d(27, 1.0).state_dict()
    for key in ("features.0.0.weight", "features.0.1.running_mean", "features.1.conv.0.weight",
                "features.1.conv.3.weight", "features.2.conv.6.weight", "features.2.conv.7.bias",
                "features.17.conv.7.weight", "features.18.0.weight", "classifier.1.weight"):
        assert key in m2, key
    assert "features.1.conv.6.weight" not in m2  # t = 1: no expansion conv
    assert tuple(m2["features.18.0.weight"].shape) == (1280, 320, 1, 1, 1)


def test_parameter_counts():
    # The reference checkpoint in ../shared/teachers has 270,159 parameters (its README).
    assert count_params(ShuffleNet3d(27, 0.5, 3)) == 270_159
    # Kinetics-600 heads, as in that paper's model-size comparison.
    assert count_params(ShuffleNetV2_3d(600, 2.0)) == 6_639_816
    assert count_params(MobileNetV2_3d(600, 1.0)) == 3_122_648
    # The Jester heads this importer meets.
    assert count_params(ShuffleNetV2_3d(27, 0.25)) == 242_331
    assert count_params(ShuffleNetV2_3d(27, 1.0)) == 1_326_855
    assert count_params(MobileNetV2_3d(27, 0.2)) == 230_097
    assert count_params(MobileNetV2_3d(27, 1.0)) == 2_388_635


def test_cost_of_the_reference_model():
    macs, _ = count_macs(ShuffleNet3d(27, 0.5, 3), CLIP)
    assert round(macs / 1e6, 1) == 71.7


def test_arch_names():
    assert zoo_arch_name("shufflenet", 0.5, 3) == "shufflenet-3d-w0.5-g3"
    assert zoo_arch_name("shufflenetv2", 1.0) == "shufflenetv2-3d-w1"
    assert zoo_arch_name("mobilenetv2", 0.45) == "mobilenetv2-3d-w0.45"
    with pytest.raises(ValueError, match="unknown arch 'resnet'"):
        build_zoo_model("resnet")
