"""Optical flow as the network's input (jesture_train.flow) and the training-side real-clip scorer
(jesture_train.real_eval): real OpenCV, real checkpoints trained on the tiny dataset."""
import json

import numpy as np
import pytest
import torch

cv2 = pytest.importorskip("cv2", reason="python3-opencv is not installed (the CI recipe installs it)")

from jesture_train.augment import prepare_batch  # noqa: E402
from jesture_train.contract import DEFAULT_MEAN, DEFAULT_STD  # noqa: E402
from jesture_train.export import main as export_main  # noqa: E402
from jesture_train.flow import FLOW_SCALE, clip_flow  # noqa: E402
from jesture_train.models import ModelConfig, build_model  # noqa: E402
from jesture_train.real_eval import main as real_eval_main, window_indices  # noqa: E402
from jesture_train.train import main as train_main  # noqa: E402

SMALL = ["--width", "0.25", "--clip-len", "8", "--size", "32x48", "--batch-size", "8", "--threads", "2"]


def moving_square(dx: int, dy: int, frames: int = 6, h: int = 64, w: int = 88) -> torch.Tensor:
    """uint8 [1, T, H, W, 3]: a textured square moving (dx, dy) pixels per frame over a dark room."""
    rng = np.random.default_rng(0)
    patch = rng.integers(120, 255, (16, 16, 3), dtype=np.uint8)
    out = np.full((1, frames, h, w, 3), 30, np.uint8)
    for t in range(frames):
        y, x = 24 + dy * t, 30 + dx * t
        out[0, t, y:y + 16, x:x + 16] = patch
    return torch.from_numpy(out)


@pytest.mark.parametrize("dx,dy", [(2, 0), (0, -2), (-2, 1)])
def test_flow_follows_the_square(dx, dy):
    x = prepare_batch(moving_square(dx, dy), DEFAULT_MEAN, DEFAULT_STD)
    f = clip_flow(x, DEFAULT_MEAN, DEFAULT_STD)
    assert f.shape == (1, 2, 6, 64, 88)
    assert float(f[:, :, 0].abs().max()) == 0.0, "the first frame has no predecessor: zero flow"
    # Inside the square in frame 3 (where it is at 30 + 3 dx, 24 + 3 dy), flow is the motion.
    y, x0 = 24 + 3 * dy + 4, 30 + 3 * dx + 4
    inside = f[0, :, 3, y:y + 8, x0:x0 + 8].mean((1, 2)) * FLOW_SCALE
    assert inside[0].item() == pytest.approx(dx, abs=0.5)
    assert inside[1].item() == pytest.approx(dy, abs=0.5)


def test_a_flow_network_reads_two_channels_and_names_itself():
    cfg = ModelConfig(width=0.25, clip_len=6, height=64, width_px=88, input="flow")
    net = build_model(cfg).eval()
    assert cfg.name().endswith("-flow")
    assert net.stem[0].in_channels == 2
    with torch.no_grad():
        assert net(prepare_batch(moving_square(2, 0), DEFAULT_MEAN, DEFAULT_STD)).shape == (1, 27)
    with pytest.raises(ValueError, match="--input"):
        ModelConfig(input="depth").validate()
    with pytest.raises(ValueError, match="--input flow"):
        ModelConfig(arch="c3d", input="flow").validate()


def test_window_indices_take_the_latest_frame_and_pad_short_clips():
    times = np.arange(37) / 12.0                       # a Jester clip: 37 frames at 12 fps
    wins = window_indices(times, 16, 6.0)
    assert len(wins) == 19 - 16 + 1                     # ticks at 0, 1/6, ..., 3.0 s: 19 of them
    assert list(wins[0][:3]) == [0, 2, 4] and wins[-1][-1] == 36
    short = window_indices(np.arange(10) / 12.0, 16, 6.0)
    assert len(short) == 1 and list(short[0][-12:]) == [8] * 12


@pytest.fixture(scope="module")
def flow_run(tiny_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("flowrun")
    assert train_main(["--data", str(tiny_dir), "--out", str(out), "--epochs", "1", "--max-steps", "2",
                       "--cache-dir", str(out / "cache"), "--input", "flow", *SMALL]) == 0
    return out


def test_a_flow_checkpoint_exports_a_graph_that_takes_the_flow(flow_run, tmp_path):
    import onnx
    out = tmp_path / "f.onnx"
    assert export_main(["--checkpoint", str(flow_run / "best.pt"), "--out", str(out)]) == 0
    proto = onnx.load(str(out))
    meta = {p.key: p.value for p in proto.metadata_props}
    assert meta["jesture.input"] == "flow"
    spec = json.loads(meta["jesture.flow"])
    assert spec == {"method": "dis", "preset": "medium", "grey": [0.299, 0.587, 0.114], "scale": FLOW_SCALE,
                    "clip": 4.0, "first_frame": "zero"}
    dims = [d.dim_value for d in proto.graph.input[0].type.tensor_type.shape.dim[1:]]
    assert dims == [2, 8, 32, 48], "the graph starts after the flow: [N, 2, T, H, W]"
    assert meta["jesture.arch"].endswith("-flow")


def test_real_eval_scores_folders_and_a_csv(flow_run, tiny_dir, tmp_path, capsys):
    rows = [line.split(";") for line in (tiny_dir / "jester-v1-validation.csv").read_text().splitlines() if line]
    csv = tmp_path / "clips.csv"
    csv.write_text("file;kind;accept\n" + "".join(
        f"{tiny_dir / cid};k;{label if i else '-'}\n" for i, (cid, label) in enumerate(rows[:3])))
    out = tmp_path / "eval"
    assert real_eval_main([str(tiny_dir), str(csv), "--checkpoint", str(flow_run / "best.pt"),
                           "--out", str(out), "--threads", "1"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    jester = summary["sets"][str(tiny_dir)]["windows"]
    assert jester["clips"] == len(rows) and jester["quiet_clips"] == 0
    quiet = summary["sets"][str(csv)]["centre"]
    assert (quiet["clips"], quiet["quiet_clips"]) == (2, 1)
    lines = (out / "predictions.csv").read_text().splitlines()
    assert len(lines) == 1 + len(rows) + 3
    assert "right" in capsys.readouterr().out


def test_real_eval_averages_members(flow_run, tiny_dir, tmp_path):
    """Two copies of one checkpoint average to that checkpoint: same top-1 and probability per clip."""
    one, two = tmp_path / "one", tmp_path / "two"
    ck = str(flow_run / "best.pt")
    assert real_eval_main([str(tiny_dir), "--checkpoint", ck, "--out", str(one), "--threads", "1"]) == 0
    assert real_eval_main([str(tiny_dir), "--checkpoint", ck, ck, "--out", str(two), "--threads", "1"]) == 0
    a = (one / "predictions.csv").read_text().splitlines()
    b = (two / "predictions.csv").read_text().splitlines()
    assert a == b and len(a) > 1
    assert json.loads((two / "summary.json").read_text())["checkpoints"] == [ck, ck]


def test_real_eval_refuses_bad_input_with_one_line(flow_run, tiny_dir, tmp_path, capsys):
    ck = str(flow_run / "best.pt")
    assert real_eval_main([str(tmp_path / "nowhere"), "--checkpoint", ck]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert real_eval_main([str(tiny_dir), "--checkpoint", str(tmp_path / "none.pt")]) == 2
    assert "checkpoint" in capsys.readouterr().err
    out = tmp_path / "taken"
    out.mkdir()
    (out / "summary.json").write_text("{}")
    assert real_eval_main([str(tiny_dir), "--checkpoint", ck, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--overwrite" in err and len(err.strip().splitlines()) == 1
    assert (out / "summary.json").read_text() == "{}", "nothing is overwritten"
