"""Score a checkpoint on real labelled clips, the way ``jesture eval-clips`` does, on the training side.

Scores checkpoints without exporting them (it was written for the flow networks, before the
runtime computed flow), and puts networks side by side through the same code. Two protocols, as
``eval-clips`` (docs/eval-clips.md): ``windows`` averages the softmax over every window of T model
frames taken at the model's fps by timestamp (stride 1; a clip shorter than a window is padded with
its last frame); ``centre`` is the one window that ``sample_indices(..., "center")`` picks.

    python3 -m jesture_train.real_eval ../shared/real-dev/jester ../shared/real-dev/egogestar/labels.csv \
        --checkpoint runs/X/best.pt [runs/Y/best.pt ...] --out runs/X/real

Frames are decoded by PIL (frame folders) or OpenCV (videos), not by FFmpeg as the Java side does,
so figures can differ from ``eval-clips`` by a clip or two; compare two checkpoints with this module.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from PIL import Image

from .augment import prepare_batch
from .checkpoint import model_from_checkpoint
from .contract import BACKGROUND_LABELS, DEFAULT_MEAN, DEFAULT_STD
from .data import cover_center_crop, list_frames, sample_indices

def read_folder(clip_dir: Path, h: int, w: int, fps: float) -> Tuple[np.ndarray, np.ndarray]:
    """All frames as uint8 [F, H, W, 3], and their timestamps in seconds at ``fps``."""
    frames = [cover_center_crop(Image.open(p), h, w) for p in list_frames(clip_dir)]
    return np.stack(frames), np.arange(len(frames)) / fps


def read_video(path: Path, h: int, w: int) -> Tuple[np.ndarray, np.ndarray]:
    """All frames as uint8 [F, H, W, 3], and their timestamps at the rate the file declares (30 when none)."""
    try:
        import cv2
    except ImportError as e:
        raise RuntimeError(f"{path}: decoding videos needs OpenCV's Python module (apt-get install python3-opencv)") from e
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise ValueError(f"{path}: OpenCV cannot open it")
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames.append(cover_center_crop(Image.fromarray(bgr[..., ::-1]), h, w))
    cap.release()
    if not frames:
        raise ValueError(f"{path}: no frames decoded")
    return np.stack(frames), np.arange(len(frames)) / fps


def window_indices(times: np.ndarray, clip_len: int, fps: float) -> List[np.ndarray]:
    """Every window of ``clip_len`` ticks at ``fps`` over the clip, each tick taking the latest frame
    at or before it (a live camera's view), stride one tick; short clips padded with the last frame."""
    ticks = np.arange(times[0], times[-1] + 1e-9, 1.0 / fps)
    idx = np.searchsorted(times, ticks + 1e-9, side="right") - 1
    if len(idx) < clip_len:
        idx = np.concatenate([idx, np.full(clip_len - len(idx), idx[-1])])
    return [idx[s:s + clip_len] for s in range(len(idx) - clip_len + 1)]


@torch.no_grad()
def score_clip(model: torch.nn.Module, frames: np.ndarray, times: np.ndarray, clip_len: int, fps: float,
               source_fps: float, mean: Sequence[float], std: Sequence[float]) -> Tuple[np.ndarray, np.ndarray]:
    """Softmax averaged over every window (at ``times``), and of the centre window (stride
    ``source_fps / fps`` frames)."""
    wins = window_indices(times, clip_len, fps)
    probs = []
    for i in range(0, len(wins), 16):
        batch = torch.from_numpy(np.stack([frames[ix] for ix in wins[i:i + 16]]))
        probs.append(torch.softmax(model(prepare_batch(batch, mean, std)), 1))
    windows = torch.cat(probs).mean(0).numpy()
    centre_idx = sample_indices(len(frames), clip_len, source_fps / fps, "center")
    centre = torch.softmax(model(prepare_batch(torch.from_numpy(frames[centre_idx])[None], mean, std)), 1)[0].numpy()
    return windows, centre


def count(tally: Dict[str, int], accept: List[str], top: str) -> None:
    """Adds one clip's top-1 to a tally: right or not for a gesture clip, called a gesture or not for a '-' clip."""
    if accept == ["-"]:
        tally["quiet_clips"] += 1
        tally["called_gesture"] += int(top not in BACKGROUND_LABELS)
    else:
        tally["clips"] += 1
        tally["right"] += int(top in accept)


def clips_of(source: Path) -> List[Tuple[str, Path, List[str], str]]:
    """(name, path, accepted labels or ['-'], group) for a Jester-layout folder or a ';' CSV."""
    out = []
    if source.is_dir():
        for line in (source / "jester-v1-validation.csv").read_text().splitlines():
            if line.strip():
                cid, label = line.split(";", 1)
                out.append((cid, source / cid, [label.strip()], "jester"))
    else:
        for n, line in enumerate(source.read_text().splitlines()):
            parts = line.strip().split(";")
            if not line.strip() or (n == 0 and parts[0] == "file"):
                continue
            out.append((parts[0], source.parent / parts[0], parts[-1].split("|"), parts[1] if len(parts) > 2 else ""))
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.real_eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", type=Path, nargs="+", required=True,
                   help="one checkpoint, or several whose softmax probabilities are averaged (each with "
                        "its own clip length, size and fps; the same labels in the same order)")
    p.add_argument("sources", type=Path, nargs="+", help="Jester-layout folders or ';' CSVs of clips")
    p.add_argument("--out", type=Path, help="write predictions.csv and summary.json here")
    p.add_argument("--folder-fps", type=float, default=12.0, help="frame rate of frame folders (Jester's 12)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--overwrite", action="store_true", help="replace the reports already in --out")
    args = p.parse_args(argv)
    try:
        return _run(args)
    except (OSError, ValueError, RuntimeError) as e:
        print(f"real_eval: {e}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    for source in args.sources:
        if not source.exists():
            raise ValueError(f"{source} does not exist: give a Jester-layout folder or a ';' CSV of clips")
        if source.is_dir() and not (source / "jester-v1-validation.csv").is_file():
            raise ValueError(f"{source} has no jester-v1-validation.csv: it is not a Jester-layout folder")
    for path in args.checkpoint:
        if not path.is_file():
            raise ValueError(f"{path} does not exist: give a checkpoint written by jesture_train.train")
    if args.out and not args.overwrite:
        taken = [f for f in ("predictions.csv", "summary.json") if (args.out / f).exists()]
        if taken:
            raise ValueError(f"{args.out} already holds {', '.join(taken)}: choose another --out or add --overwrite")
    torch.set_num_threads(args.threads)
    members = []
    for path in args.checkpoint:
        model, cfg, state = model_from_checkpoint(path, "cpu")
        members.append((model.eval(), cfg, state.get("meta", {})))
    labels = members[0][2]["labels"]
    for path, (_, _, meta) in zip(args.checkpoint, members):
        if meta.get("labels") != labels:
            raise ValueError(f"{path} has other labels, or another order, than {args.checkpoint[0]}")
    rows: List[Dict[str, object]] = []
    summary: Dict[str, object] = {"checkpoints": [str(c) for c in args.checkpoint],
                                  "arch": [m[1].name() for m in members], "sets": {}}
    for source in args.sources:
        tally: Dict[str, Dict[str, int]] = {}
        for name, path, accept, group in clips_of(source):
            sums = [0.0, 0.0]
            decoded: Dict[Tuple[int, int], Tuple[np.ndarray, np.ndarray, float]] = {}   # one decode per size
            for model, cfg, meta in members:
                size = (cfg.height, cfg.width_px)
                if size not in decoded:
                    if path.is_dir():
                        decoded[size] = (*read_folder(path, *size, args.folder_fps), args.folder_fps)
                    else:
                        frames, times = read_video(path, *size)
                        # The rate taken back from the median interval, not the declared one that
                        # eval-clips divides by: at a half-frame tie of the centre window the two can
                        # pick neighbouring frames. Kept, so the figures of docs/synthetic-world.md repeat.
                        rate = 1.0 / max(1e-6, float(np.median(np.diff(times)))) if len(times) > 1 else 30.0
                        decoded[size] = (frames, times, rate)
                frames, times, source_fps = decoded[size]
                one = score_clip(model, frames, times, cfg.clip_len, meta.get("fps", 6.0), source_fps,
                                 meta.get("mean", DEFAULT_MEAN), meta.get("std", DEFAULT_STD))
                sums = [a + b / len(members) for a, b in zip(sums, one)]
            res = tuple(sums)
            row = {"set": str(source), "clip": name, "accept": "|".join(accept), "group": group}
            for proto, pr in zip(("windows", "centre"), res):
                top = labels[int(pr.argmax())]
                row[proto] = top
                row[proto + "_p"] = round(float(pr.max()), 3)
                count(tally.setdefault(proto, {"clips": 0, "right": 0, "quiet_clips": 0, "called_gesture": 0}), accept, top)
            rows.append(row)
        summary["sets"][str(source)] = tally
        print(f"{source}: " + "; ".join(
            f"{k} right {v['right']}/{v['clips']}, '-' called a gesture {v['called_gesture']}/{v['quiet_clips']}"
            for k, v in tally.items()), flush=True)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        keys = list(rows[0].keys()) if rows else []
        with open(args.out / "predictions.csv", "w") as f:
            f.write(";".join(keys) + "\n")
            for r in rows:
                f.write(";".join(str(r[k]) for k in keys) + "\n")
        (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
