"""The model zoo through the training CLI: 2D pretraining then inflation, long clips, the new
architectures and heads, and the bad input each of them can meet."""
import json

import onnx
import pytest
import torch

from jesture_train.checkpoint import load_checkpoint
from jesture_train.export import main as export_main, verify_contract
from jesture_train.inflate import inflate
from jesture_train.models import ModelConfig, build_model
from jesture_train.train import main as train_main

def small(width="0.25", clip_len="8"):
    return ["--width", width, "--clip-len", clip_len, "--size", "32x48", "--batch-size", "8", "--threads", "1"]


def _run(tiny_dir, out, *extra, width="0.25", clip_len="8"):
    return train_main(["--data", str(tiny_dir), "--out", str(out), "--cache-dir", str(out.parent / "cache"),
                       "--epochs", "1", "--max-steps", "1", "--no-final-eval", *small(width, clip_len), *extra])


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    return err


@pytest.fixture(scope="module")
def pretrained_2d(tiny_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("zoo") / "frames2d"
    assert _run(tiny_dir, out, "--pretrain-2d", "--max-steps", "2") == 0
    return out / "best.pt"


def test_unknown_architecture_is_refused_in_one_line(tiny_dir, tmp_path, capsys):
    assert _run(tiny_dir, tmp_path / "run", "--arch", "resnet") == 2
    assert "unknown architecture 'resnet'" in _one_error_line(capsys)
    assert not (tmp_path / "run").exists()  # refused before anything was written


def test_pretrain_2d_writes_a_2d_checkpoint(pretrained_2d):
    state = load_checkpoint(pretrained_2d)
    assert state["model_config"]["arch"] == "r2plus1d-2d"
    assert state["model_state"]["stem.0.weight"].dim() == 4  # Conv2d


def test_init_2d_starts_from_the_inflated_2d_network(pretrained_2d, tiny_dir, tmp_path):
    out = tmp_path / "inflated"
    assert _run(tiny_dir, out, "--init-2d", str(pretrained_2d), "--temporal-pad", "replicate", "--lr", "1e-4") == 0
    state = load_checkpoint(out / "last.pt")
    assert state["meta"]["init_2d"]["checkpoint"] == str(pretrained_2d)
    assert state["model_config"]["temporal_pad"] == "replicate"
    cfg = ModelConfig.from_dict(state["model_config"])
    expected = inflate(load_checkpoint(pretrained_2d)["model_state"], build_model(cfg).state_dict())
    # One Adam step of lr 1e-4 moves no weight by much more than 1e-4: the run started from the
    # inflated 2D weights (a fresh initialisation is ~100 times further away).
    for key in ("stem.0.weight", "blocks.3.conv.temporal.weight", "fc.weight"):
        assert (state["model_state"][key] - expected[key]).abs().max() < 1e-3, key
    assert (expected["stem.0.weight"] - build_model(cfg).state_dict()["stem.0.weight"]).abs().max() > 0.05


def test_an_inflation_source_that_does_not_match_is_refused_in_one_line(pretrained_2d, tiny_dir, tmp_path, capsys):
    three_d = tmp_path / "plain"
    assert _run(tiny_dir, three_d) == 0
    capsys.readouterr()
    assert _run(tiny_dir, tmp_path / "a", "--init-2d", str(three_d / "last.pt")) == 2
    assert "not a 2D frame network" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "b", "--init-2d", str(pretrained_2d), width="0.5") == 2
    assert "same --width" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "c", "--arch", "r2plus1d-ttl", "--init-2d", str(pretrained_2d)) == 2
    assert "inflates into --arch r2plus1d" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "f", "--no-appearance", "--init-2d", str(pretrained_2d)) == 2
    assert "--no-appearance leaves it only their differences" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "g", "--no-motion", "--init-2d", str(pretrained_2d)) == 2
    assert "same --no-motion setting" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "h", "--frame-pick", "motion") == 2
    assert "--frame-pick is for --pretrain-2d" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "d", "--init-2d", str(tmp_path / "missing.pt")) == 2
    assert "does not exist" in _one_error_line(capsys)
    assert _run(tiny_dir, tmp_path / "e", "--pretrain-2d", "--arch", "c3d") == 2
    assert "--pretrain-2d trains the 2D twin" in _one_error_line(capsys)


@pytest.mark.parametrize("arch,fps", [(["--arch", "r2plus1d-ttl"], 6), (["--head", "attention"], 12)])
def test_32_frame_clips_train_and_export_at_either_frame_rate(arch, fps, tiny_dir, tmp_path):
    """32 frames at the default 6 fps (5.2 s of the 12-fps source) and at 12 fps (2.6 s, every frame)."""
    out = tmp_path / "run"
    assert _run(tiny_dir, out, "--fps", str(fps), *arch, clip_len="32") == 0
    state = load_checkpoint(out / "best.pt")
    assert state["model_config"]["clip_len"] == 32 and state["meta"]["fps"] == fps
    onnx_path = tmp_path / "m.onnx"
    assert export_main(["--checkpoint", str(out / "best.pt"), "--out", str(onnx_path)]) == 0
    meta = verify_contract(onnx.load(str(onnx_path)))
    assert int(meta["jesture.clip_length"]) == 32 and json.loads(meta["jesture.fps"]) == fps
    assert meta["jesture.arch"] == ModelConfig.from_dict(state["model_config"]).name()
    assert ("ttl" in meta["jesture.arch"]) == ("r2plus1d-ttl" in arch)
    assert ("attn" in meta["jesture.arch"]) == ("attention" in arch)
