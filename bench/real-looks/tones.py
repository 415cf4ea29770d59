#!/usr/bin/python3
"""The tones of frames: per-frame luma spread, dark and bright ends, mean and saturation, each as its
10th / 50th / 90th percentile over a set, to compare rendered frames with a real webcam's.

    bench/real-looks/tones.py NAME=SOURCE [NAME=SOURCE ...] [--every N] [--max-clips N]

SOURCE is a Jester-layout folder (clip folders of JPEG frames; every N-th frame of each clip, default
6) or a labels CSV of videos (``file;...``, as ../shared/real-dev/egogestar/labels.csv; three frames a
second apart from every N-th video). Frames are read at 176x100, Jester's size. BT.601 luma;
saturation is (max - min) / max per pixel. docs/synthetic-world.md, *The tones, measured*.
"""
import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

SIZE = (176, 100)


def frame_tones(rgb: np.ndarray) -> tuple:
    a = rgb.astype(np.float32)
    y = 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]
    mx, mn = a.max(-1), a.min(-1)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1), 0)
    return y.std(), np.percentile(y, 5), np.percentile(y, 95), y.mean(), sat.mean()


def folder_frames(root: Path, every: int, max_clips: int):
    clips = sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: (len(d.name), d.name))
    for d in clips[:max_clips] if max_clips else clips:
        files = sorted(f for f in os.listdir(d) if f.lower().endswith((".jpg", ".png")))
        for f in files[::every]:
            yield np.asarray(Image.open(d / f).convert("RGB").resize(SIZE, Image.BILINEAR))


def video_frames(labels: Path, every: int, max_clips: int):
    with open(labels, newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter=";")][1:]
    rows = rows[::every]
    for r in rows[:max_clips] if max_clips else rows:
        path = labels.parent / r[0]
        raw = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-vf",
                              f"select=not(mod(n\\,30)),scale={SIZE[0]}:{SIZE[1]}", "-vsync", "vfr",
                              "-frames:v", "3", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                             capture_output=True, check=True).stdout
        n = len(raw) // (SIZE[0] * SIZE[1] * 3)
        for k in range(n):
            yield np.frombuffer(raw, np.uint8, SIZE[0] * SIZE[1] * 3, k * SIZE[0] * SIZE[1] * 3).reshape(SIZE[1], SIZE[0], 3)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sets", nargs="+", metavar="NAME=SOURCE")
    p.add_argument("--every", type=int, default=6, help="every N-th frame of a clip folder, or N-th video")
    p.add_argument("--max-clips", type=int, default=0, help="at most N clips or videos per set (0 = all)")
    a = p.parse_args()
    print(f"{'set':<14} {'frames':>6}  {'luma std':<17} {'luma p5':<17} {'luma p95':<19} {'mean luma':<19} saturation")
    for spec in a.sets:
        name, _, src = spec.partition("=")
        path = Path(src)
        if not path.exists():
            print(f"tones.py: {path} does not exist: give a Jester-layout folder or a labels CSV of videos",
                  file=sys.stderr)
            return 2
        frames = video_frames(path, a.every, a.max_clips) if path.is_file() else folder_frames(path, a.every, a.max_clips)
        t = np.array([frame_tones(f) for f in frames])
        if len(t) == 0:
            print(f"tones.py: no frames in {path}", file=sys.stderr)
            return 2
        q = lambda c, fmt="%.1f": "/".join(fmt % v for v in np.percentile(t[:, c], [10, 50, 90]))
        print(f"{name:<14} {len(t):>6}  {q(0):<17} {q(1):<17} {q(2):<19} {q(3):<19} {q(4, '%.2f')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
