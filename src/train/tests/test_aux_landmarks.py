"""jesture_train.aux_landmarks: the joints' targets follow the pixels the network is shown."""
import math
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from jesture_train.augment import AugmentConfig, augment
from jesture_train.aux_landmarks import (POINTS, TARGETS, LandmarkClipDataset, LandmarkTable, source_to_input,
                                         warp_points, window_targets)
from jesture_train.checkpoint import load_checkpoint
from jesture_train.data import ClipDataset, FrameCache, cover_center_crop, read_labels
from jesture_train.train import main as train_main


def centroid(gray: np.ndarray) -> tuple:
    """Brightness-weighted centre of a [H, W] image, in pixels with 0 at the top-left corner."""
    w = np.clip(gray - gray.max() * 0.5, 0, None)
    ys, xs = np.mgrid[0:gray.shape[0], 0:gray.shape[1]]
    return float((w * (xs + 0.5)).sum() / w.sum()), float((w * (ys + 0.5)).sum() / w.sum())


def to_pixels(p: np.ndarray, height: int, width: int) -> tuple:
    return (p[0] + 1) / 2 * width, (p[1] + 1) / 2 * height


def test_a_source_point_lands_where_the_cover_centre_crop_puts_its_pixels():
    for x, y in ((120.0, 30.0), (60.0, 75.0), (88.0, 50.0)):
        img = Image.new("RGB", (176, 100), (0, 0, 0))
        ImageDraw.Draw(img).ellipse([x - 3, y - 3, x + 3, y + 3], fill=(255, 255, 255))
        crop = cover_center_crop(img, 64, 88).mean(2)
        want = centroid(crop)
        got = to_pixels(source_to_input(np.array([x, y], dtype=np.float32), (176, 100), 64, 88), 64, 88)
        assert abs(got[0] - want[0]) < 0.5 and abs(got[1] - want[1]) < 0.5, (x, y, got, want)


def test_warped_points_follow_the_augmentation_warp():
    h, w = 64, 88
    cfg = AugmentConfig(rotate_deg=20, translate=0.15, scale=0.2, brightness=0, contrast=0, saturation=0,
                        white_balance=0)
    points = [(30.0, 20.0), (60.0, 44.0), (44.0, 32.0)]
    x = torch.zeros(len(points), 3, 2, h, w)
    for i, (px, py) in enumerate(points):
        yy, xx = torch.meshgrid(torch.arange(h) + 0.5, torch.arange(w) + 0.5, indexing="ij")
        x[i, :, :] = torch.exp(-((xx - px) ** 2 + (yy - py) ** 2) / (2 * 2.0 ** 2))
    record = {}
    y = augment(x, cfg, torch.Generator().manual_seed(3), record)
    norm = torch.tensor([[[[px / w * 2 - 1, py / h * 2 - 1]]] for px, py in points])   # [B, 1, 1, 2]
    moved = warp_points(norm, record["theta"])
    for i in range(len(points)):
        want = centroid(y[i, 0, 0].numpy())
        got = to_pixels(moved[i, 0, 0].numpy(), h, w)
        assert abs(got[0] - want[0]) < 0.6 and abs(got[1] - want[1]) < 0.6, (i, got, want)
    # and the warp did move them, so the test can tell
    assert any(abs(to_pixels(moved[i, 0, 0].numpy(), h, w)[0] - points[i][0]) > 2 for i in range(len(points)))


def hand(scale: float, dx: float, dy: float) -> np.ndarray:
    """21 joints of a made-up hand, in normalised coordinates: wrist, then fingers fanning upwards."""
    rng = np.random.default_rng(0)
    base = np.concatenate([[[0.0, 0.0]], rng.uniform(-1, 1, (POINTS - 1, 2)) * [0.3, 0.5] - [0, 0.4]])
    base[9] = [0.0, -0.3]                       # the middle knuckle: palm length 0.3 in y units
    return (base * scale + [dx, dy]).astype(np.float32)


def test_targets_keep_the_hand_shape_and_move_with_its_place_and_size():
    pts = torch.from_numpy(np.stack([np.stack([hand(1.0, 0.0, 0.0)] * 4), np.stack([hand(2.0, 0.3, -0.2)] * 4)]))
    present = torch.ones(2, 4)
    target, weight = window_targets(pts, present, 2, 64, 88)
    assert target.shape == (2, 2, TARGETS) and weight.tolist() == [[1, 1], [1, 1]]
    a, b = target[0, 0], target[1, 0]
    assert torch.allclose(a[3:], b[3:], atol=1e-5)                 # shape: wrist-relative, in palm lengths
    assert math.isclose(float(b[2] - a[2]), math.log(2.0), abs_tol=1e-5)
    assert not torch.allclose(a[:2], b[:2])                        # the palm centre moved
    # a step whose frames show no hand carries no weight, and a half-shown step averages only its shown frames
    present = torch.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 1.0, 1.0]])
    target2, weight2 = window_targets(pts, present, 2, 64, 88)
    assert weight2.tolist() == [[1, 0], [1, 1]]
    assert torch.allclose(target2[0, 0], target[0, 0], atol=1e-5)


def write_pose(tiny_dir: Path, prefix: Path) -> None:
    """A pose file for the tiny dataset: every joint on its square's centre, the middle knuckle a
    square's width above (so the palm has a length), as PoseTrack would write it for its clips."""
    ids, rows = [], []
    labels = read_labels(tiny_dir)
    for split in ("train", "validation"):
        for line in (tiny_dir / f"jester-v1-{split}.csv").read_text().splitlines():
            clip_id, label = line.split(";", 1)
            k = labels.index(label)
            angle = 2 * math.pi * k / len(labels)
            frames = np.zeros((20, POINTS, 3), dtype=np.float32)
            for f in range(20):
                frames[f, :, 0] = 88 + math.cos(angle) * 2.0 * f
                frames[f, :, 1] = 50 + math.sin(angle) * 2.0 * f
            frames[:, 9, 1] -= 12
            ids.append(f"{clip_id};{label};{split};1")
            rows.append(frames)
    Path(str(prefix) + ".csv").write_text("\n".join(ids) + "\n")
    np.stack(rows).astype("<f4").tofile(str(prefix) + ".f32")


def test_each_window_carries_the_joints_of_the_frames_it_took(tiny_dir, tmp_path):
    prefix = tmp_path / "pose"
    write_pose(tiny_dir, prefix)
    labels = read_labels(tiny_dir)
    cache = FrameCache.build_or_open(tiny_dir, "train", labels, 64, 88, tmp_path / "cache", log=lambda *_: None)
    table = LandmarkTable.load(prefix)
    ds = LandmarkClipDataset(ClipDataset(cache, 8, 2.0, train=True, speed_jitter=0.15, seed=1), table, (176, 100))
    assert ds.covered() == len(ds)
    checked = 0
    for i in range(0, len(ds), 5):
        clip, _label, pts, present = ds[i]
        for t in range(clip.shape[0]):
            if not present[t]:
                continue
            want = centroid(clip[t].numpy().astype(np.float32).mean(2))
            got = to_pixels(pts[t, 0].numpy(), 64, 88)
            assert abs(got[0] - want[0]) < 0.8 and abs(got[1] - want[1]) < 0.8, (i, t, got, want)
            checked += 1
    assert checked > 20
    # a clip the table does not hold carries no joints
    other = LandmarkClipDataset(ClipDataset(cache, 8, 2.0, train=False), LandmarkTable.load(prefix, "x"), (176, 100))
    assert other.covered() == 0 and float(other[0][3].sum()) == 0


def test_training_with_joints_runs_and_the_checkpoint_holds_only_the_network(tiny_dir, tmp_path):
    prefix = tmp_path / "pose"
    write_pose(tiny_dir, prefix)
    out = tmp_path / "run"
    args = ["--data", str(tiny_dir), "--out", str(out), "--size", "32x44", "--clip-len", "8", "--fps", "6",
            "--batch-size", "8", "--epochs", "1", "--threads", "1", "--no-final-eval", "--warmup-epochs", "0",
            "--cache-dir", str(tmp_path / "cache"), "--aux-landmarks", str(prefix)]
    train_main(args)
    state = load_checkpoint(out / "last.pt")
    history = state["meta"]["history"]
    assert history and history[0]["aux_loss"] > 0
    assert not any(k.startswith(("reduce", "mlp")) for k in state["model_state"])
    plain = tmp_path / "plain"
    train_main([a if a != str(out) else str(plain) for a in args[:-2]])
    assert load_checkpoint(plain / "last.pt")["model_state"].keys() == state["model_state"].keys()
