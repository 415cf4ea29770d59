"""The model zoo's networks: T3D's Temporal Transition Layer, the attention head, the 2D twin and I3D
inflation, long clips; each exported through the model contract and run in ONNX Runtime (Java)."""
import json

import numpy as np
import onnx
import pytest
import torch
from torch import nn

from jesture_train import contract
from jesture_train.attention import PerceiverHead
from jesture_train.export import WithEmbedding, export_onnx, metadata_for, verify_contract
from jesture_train.flops import count_macs, model_cost
from jesture_train.inflate import InflationError, R2Plus1DFrames2D, inflate, pick_frames
from jesture_train.models import ModelConfig, ResidualBlock, build_model, frame_differences
from jesture_train.ttl import TemporalTransition
from ort_java import run_ort

SMALL = dict(num_classes=27, width=0.25, clip_len=8, height=32, width_px=48)


def _randomise(model: nn.Module, seed: int) -> nn.Module:
    """Non-trivial weights and BN statistics (a fresh BN is the identity and would hide mistakes)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if t.dtype.is_floating_point:
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5 if "running_var" in name
                        else torch.randn(t.shape, generator=gen) * 0.3)
    return model.eval()


# --------------------------------------------------------------------------------------------
# T3D's Temporal Transition Layer
# --------------------------------------------------------------------------------------------

def test_ttl_runs_its_depths_side_by_side_and_downsamples():
    ttl = TemporalTransition(8, 40, depths=(1, 3, 5), stride=(2, 2, 2))
    kernels = [b[0].kernel_size for b in ttl.branches]
    assert kernels == [(1, 1, 1), (3, 3, 3), (5, 3, 3)]
    assert [b[0].out_channels for b in ttl.branches] == [14, 13, 13]
    assert ttl(torch.randn(2, 8, 8, 16, 16)).shape == (2, 40, 4, 8, 8)


def test_ttl_network_is_the_default_network_plus_transitions():
    plain = build_model(ModelConfig(arch="r2plus1d", **SMALL))
    ttl = build_model(ModelConfig(arch="r2plus1d-ttl", **SMALL))
    assert sum(isinstance(m, TemporalTransition) for m in plain.modules()) == 0
    assert sum(isinstance(m, TemporalTransition) for m in ttl.modules()) == 3  # before stages 2, 3 and 4
    # The TTL takes over each transition (channels and stride), so every residual block keeps its
    # shape and its identity shortcut; the plain network has 3 projection shortcuts there.
    shortcuts = lambda m: [type(b.shortcut).__name__ for b in m.blocks if isinstance(b, ResidualBlock)]  # noqa: E731
    assert shortcuts(ttl) == ["Identity"] * 7
    assert shortcuts(plain).count("Sequential") == 3
    x = torch.randn(2, 3, 8, 32, 48)
    assert ttl.eval()(x).shape == plain.eval()(x).shape == (2, 27)
    assert ModelConfig(arch="r2plus1d-ttl", **SMALL).name() == "r2plus1d-ttl135-small-w0.25"


def test_ttl_depths_must_be_odd_and_distinct():
    with pytest.raises(ValueError, match="odd"):
        build_model(ModelConfig(arch="r2plus1d-ttl", ttl_depths=(1, 3, 6), **SMALL))
    with pytest.raises(ValueError, match="odd"):
        build_model(ModelConfig(arch="r2plus1d-ttl", ttl_depths=(3, 3), **SMALL))


def test_the_default_network_keeps_its_parameter_names():
    # Checkpoints of the shipped model must keep loading strictly.
    names = set(build_model(ModelConfig()).state_dict())
    assert {"stem.0.weight", "blocks.6.conv.temporal.weight", "blocks.1.shortcut.0.weight", "fc.weight"} <= names
    assert not any(n.startswith("head.") for n in names)


# --------------------------------------------------------------------------------------------
# Attention head
# --------------------------------------------------------------------------------------------

def test_attention_head_reads_every_position_and_counts_its_products():
    head = PerceiverHead(channels=16, tokens=2 * 3 * 4, latents=5, layers=2).eval()
    x = torch.randn(2, 16, 2, 3, 4)
    y = head(x)
    assert y.shape == (2, 16)
    # Changing one channel at one position of one clip changes that clip's vector only. (One
    # channel: the token's layer norm would cancel the same shift on all channels.)
    x2 = x.clone()
    x2[1, 0, 1, 2, 3] += 1.0
    y2 = head(x2)
    assert torch.allclose(y[0], y2[0]) and not torch.allclose(y[1], y2[1])
    total, layers = count_macs(head, (1, *x.shape[1:]))
    # Cross: 2 products of 5 queries x 24 tokens x 16; each self layer: 2 x 5 x 5 x 16.
    assert layers["cross"] == 2 * 5 * 24 * 16
    assert layers["layers.0.attn"] == layers["layers.1.attn"] == 2 * 5 * 5 * 16


def test_attention_head_replaces_only_the_pooling():
    pool = build_model(ModelConfig(**SMALL))
    attn = build_model(ModelConfig(head="attention", attn_latents=4, attn_layers=1, **SMALL))
    assert isinstance(attn.head, PerceiverHead)
    cnn = lambda m: {k: v.shape for k, v in m.state_dict().items() if not k.startswith("head.")}  # noqa: E731
    assert cnn(pool) == cnn(attn)
    assert model_cost(attn, ModelConfig(**SMALL))["mflops"] > model_cost(pool, ModelConfig(**SMALL))["mflops"]
    with pytest.raises(ValueError, match="--head attention is for the 3D r2plus1d networks"):
        build_model(ModelConfig(arch="c3d", head="attention", **SMALL))


# --------------------------------------------------------------------------------------------
# I3D inflation from the 2D twin
# --------------------------------------------------------------------------------------------

def _inflated_pair(temporal_pad: str, motion_2d: bool = True, **extra):
    cfg2 = ModelConfig(arch="r2plus1d-2d", motion=motion_2d, **SMALL)
    cfg3 = ModelConfig(arch="r2plus1d", temporal_pad=temporal_pad, **{**SMALL, **extra})
    net2 = _randomise(build_model(cfg2), seed=11)
    net3 = build_model(cfg3)
    net3.load_state_dict(inflate(net2.state_dict(), net3.state_dict()))
    return net2, net3.eval()


@pytest.mark.parametrize("motion_2d", [True, False], ids=["rgb-diff-2d", "rgb-only-2d"])
def test_inflated_network_on_identical_frames_gives_the_2d_networks_output(motion_2d):
    net2, net3 = _inflated_pair("replicate", motion_2d=motion_2d)
    frames = torch.randn(3, 3, 32, 48, generator=torch.Generator().manual_seed(5))
    boring = frames[:, :, None].repeat(1, 1, 8, 1, 1)  # I3D's "boring video": one frame, repeated
    with torch.no_grad():
        expected, got = net2(frames), net3(boring)
    assert expected.std() > 0.1
    assert torch.allclose(got, expected, atol=1e-4), (got - expected).abs().max()


def test_a_2d_twin_with_frame_differences_matches_the_inflated_network_frame_by_frame():
    # On a moving clip the inflated first conv (1x3x3) reads each frame and its difference exactly as
    # the 2D twin's first conv does; the temporal convs after it then mix neighbouring frames.
    net2, net3 = _inflated_pair("replicate")
    clip = torch.randn(2, 3, 8, 32, 48, generator=torch.Generator().manual_seed(6))
    with torch.no_grad():
        inp = torch.cat([clip, frame_differences(clip)], 1)
        per_frame = torch.stack([net2.stem[0](inp[:, :, t]) for t in range(8)], 2)
        got = net3.stem[0](inp)
        assert per_frame.std() > 0.1 and inp[:, 3:].abs().max() > 0.1
        assert torch.allclose(got, per_frame, atol=1e-5)


def test_with_zero_temporal_padding_the_clip_edges_break_the_equality():
    net2, net3 = _inflated_pair("zeros")
    frames = torch.randn(3, 3, 32, 48, generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        assert not torch.allclose(net3(frames[:, :, None].repeat(1, 1, 8, 1, 1)), net2(frames), atol=1e-3)


def test_inflation_repeats_each_kernel_along_time_divided_by_depth():
    net2, net3 = _inflated_pair("replicate")
    w2 = net2.state_dict()["blocks.0.conv.temporal.weight"]        # 1x1 in 2D
    w3 = net3.state_dict()["blocks.0.conv.temporal.weight"]        # 3x1x1 in 3D
    assert w3.shape[2] == 3 and torch.allclose(w3.sum(2), w2)
    assert torch.allclose(w3[:, :, 0], w3[:, :, 2])
    first = net3.state_dict()["stem.0.weight"]                     # RGB + frame differences
    assert first.shape[1] == 6 and torch.allclose(first[:, :, 0], net2.state_dict()["stem.0.weight"])
    _, rgb_only = _inflated_pair("replicate", motion_2d=False)
    first = rgb_only.state_dict()["stem.0.weight"]                 # the differences start at zero
    assert first.shape[1] == 6 and torch.equal(first[:, 3:], torch.zeros_like(first[:, 3:]))


def test_an_inflation_source_that_does_not_fit_is_refused_in_one_line():
    src = build_model(ModelConfig(arch="r2plus1d-2d", **SMALL)).state_dict()
    wider = build_model(ModelConfig(arch="r2plus1d", **{**SMALL, "width": 0.5}))
    with pytest.raises(InflationError, match="same --width") as e:
        inflate(src, wider.state_dict())
    assert "\n" not in str(e.value)
    ttl = build_model(ModelConfig(arch="r2plus1d-ttl", **SMALL))
    with pytest.raises(InflationError, match="inflate into --arch r2plus1d"):
        inflate(src, ttl.state_dict())
    rgb = build_model(ModelConfig(arch="r2plus1d", motion=False, **SMALL))
    with pytest.raises(InflationError, match="same --no-motion setting") as e:
        inflate(src, rgb.state_dict())
    assert "\n" not in str(e.value)


def test_the_2d_twin_trains_on_one_frame_per_clip_and_evaluates_on_all():
    net = _randomise(R2Plus1DFrames2D(ModelConfig(arch="r2plus1d-2d", **SMALL)), seed=3)
    clip = torch.randn(2, 3, 8, 32, 48)
    with torch.no_grad():
        inp = torch.cat([clip, frame_differences(clip)], 1)  # each frame beside its difference
        per_frame = torch.stack([net(inp[:, :, t]) for t in range(8)], 1)
        # The linear layer is applied to the mean feature: the mean of the per-frame logits.
        assert torch.allclose(net(clip), per_frame.mean(1), atol=1e-5)
        net.train()
        assert net(clip).shape == (2, 27)


def test_motion_frame_pick_draws_the_frames_where_something_moves():
    gen = torch.Generator().manual_seed(0)
    # Noise on every frame (a webcam), and in clip 0 a square that appears at frame 4 and goes at 7.
    clips = torch.randn(3, 3, 8, 32, 48, generator=gen) * 0.05
    clips[0, :, 4:7, 8:20, 10:22] += torch.tensor([1.0, -1.0, 1.0]).view(3, 1, 1, 1)
    clips[1] = clips[1, :, :1].clone()  # clip 1 holds still: uniform, like random
    picks = torch.stack([pick_frames(clips, "motion", gen) for _ in range(400)])
    # Only frames 4 and 7 differ from the frame before by more than noise.
    moving = sum(p in (4, 7) for p in picks[:, 0].tolist())
    assert moving >= 0.98 * len(picks)
    assert len(set(picks[:, 1].tolist())) == 8
    # Differences the caller already has are read instead of the clips': here only frame 2 moves.
    given = torch.zeros_like(clips)
    given[:, :, 2] = 1.0
    assert set(pick_frames(clips, "motion", gen, differences=given).tolist()) == {2}
    assert pick_frames(clips, "random", gen).shape == (3,)  # one index per clip
    uniform = torch.stack([pick_frames(clips, "random", gen) for _ in range(400)])
    assert len(set(uniform[:, 0].tolist())) == 8


def test_an_unknown_frame_pick_is_refused():
    with pytest.raises(ValueError, match="random or motion"):
        ModelConfig(arch="r2plus1d-2d", frame_pick="stroke", **SMALL).validate()


# --------------------------------------------------------------------------------------------
# Export through the contract, run in ONNX Runtime
# --------------------------------------------------------------------------------------------

ZOO = {
    "ttl": dict(arch="r2plus1d-ttl"),
    "attention": dict(head="attention", attn_latents=4, attn_layers=1),
    "ttl-attention": dict(arch="r2plus1d-ttl", head="attention"),
    "replicate": dict(temporal_pad="replicate"),
    "2d": dict(arch="r2plus1d-2d"),
    "32-frames": dict(clip_len=32),
}


@pytest.mark.parametrize("name", list(ZOO))
def test_zoo_model_exports_under_the_contract_and_ort_gives_pytorchs_outputs(name, tmp_path):
    cfg = ModelConfig(**{**SMALL, **ZOO[name]})
    torch.manual_seed(1)
    model = _randomise(build_model(cfg), seed=2)
    meta = metadata_for(model, cfg, labels=contract.JESTER_LABELS, fps=6, dataset="random weights", accuracy={})
    proto = export_onnx(model, cfg, tmp_path / "m.onnx", meta)
    onnx.checker.check_model(proto)
    got_meta = verify_contract(proto, cfg)
    assert got_meta["jesture.arch"] == cfg.name() and int(got_meta["jesture.clip_length"]) == cfg.clip_len
    assert [o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")] == [17]
    x = torch.randn(2, *cfg.input_shape(1)[1:], generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        logits, emb = WithEmbedding(model)(x)
    out = run_ort(tmp_path / "m.onnx", x.numpy(), tmp_path)
    assert np.allclose(out["logits"], logits.numpy().ravel(), atol=1e-4), np.abs(out["logits"] - logits.numpy().ravel()).max()
    assert np.allclose(out["embedding"], emb.numpy().ravel(), atol=1e-4)


def test_flops_exports_an_untrained_network_for_timing_and_refuses_to_overwrite(tmp_path, capsys):
    from jesture_train.flops import main as flops_main

    out = tmp_path / "ttl.onnx"
    args = ["--arch", "r2plus1d-ttl", "--width", "0.25", "--clip-len", "8", "--size", "32x48", "--onnx", str(out)]
    assert flops_main(args) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    meta = verify_contract(onnx.load(str(out)))
    assert meta["jesture.arch"] == report["arch"] == "r2plus1d-ttl135-small-w0.25"
    assert float(meta["jesture.mflops"]) == pytest.approx(report["mflops"], abs=0.05)
    assert json.loads(meta["jesture.accuracy"])["top1"] is None
    assert flops_main(args) == 2
    assert "already exists" in capsys.readouterr().err
    assert flops_main(["--arch", "r2plus1d-ttl", "--ttl-depths", "2,4"]) == 2
    assert "odd" in capsys.readouterr().err
