#!/usr/bin/python3
"""Track hands in clips with MediaPipe Hands (docs/hands.md) and save what was found, per frame.

  track.py --jester DIR --split train --per-class 80 --out F.npy    rendered clips (Jester layout), the first N per class
  track.py --jester DIR --split train --skip-per-class 80 --per-class 120 --out F.npy    the next 120
  track.py --jester ../shared/real-dev/jester --split validation --out F.npy
  track.py --egogestar ../shared/real-dev/egogestar/labels.csv --out F.npy
  track.py --jester DIR --labels "Doing other things" "No gesture" --out F.npy    only those classes

Frames are read at 6 fps: every second frame of a 12-fps Jester folder, every fifth of a 30-fps
EgoGestAR video. The output maps each clip's path to its label, the frame size and, per frame,
the palm score, the hand-present probability, the handedness and 21 landmarks [x, y, depth] in
image pixels (NaN where no palm was found). With --track, a frame whose crop was placed by the
last frame's landmarks has no palm score (NaN). --palm and --landmark name the converted networks
(python3 -m jesture_train.tflite models/hands/*.tflite --out ...).
"""
import argparse
import collections
import csv
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hands  # noqa: E402


def jester_clips(root: Path, split: str, per_class: int, skip: int = 0, only=()):
    rows = [line.strip().split(";") for line in open(root / f"jester-v1-{split}.csv") if line.strip()]
    by = collections.defaultdict(list)
    for clip, label in rows:
        by[label].append(clip)
    for label in sorted(by):
        if only and label not in only:
            continue
        for clip in by[label][skip:skip + per_class if per_class else None]:
            yield root / clip, label, 2


def egogestar_clips(labels: Path):
    with open(labels) as f:
        for r in csv.DictReader(f, delimiter=";"):
            yield labels.parent / r["file"], f"{r['accept']}|{r['egogestar_class']}", 5


def frames(path: Path, step: int):
    if path.is_dir():
        return [Image.open(f).convert("RGB") for f in sorted(path.glob("*.jpg"))[::step]]
    import cv2  # Debian's python3-opencv decodes the videos
    cap, out, i = cv2.VideoCapture(str(path)), [], 0
    while True:
        ok, f = cap.read()
        if not ok:
            break
        if i % step == 0:
            out.append(Image.fromarray(cv2.cvtColor(f, cv2.COLOR_BGR2RGB)))
        i += 1
    return out


def add_clip_arguments(ap: argparse.ArgumentParser) -> None:
    """Which clips a script reads: a Jester-layout folder or EgoGestAR's CSV, a split, a slice of
    each class, one shard of N (shared by the scripts that read clips frame by frame)."""
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--jester", type=Path)
    src.add_argument("--egogestar", type=Path)
    ap.add_argument("--split", default="validation")
    ap.add_argument("--per-class", type=int, default=0, help="first N clips of each class (0: all)")
    ap.add_argument("--skip-per-class", type=int, default=0, help="start after the first N clips of each class")
    ap.add_argument("--labels", nargs="+", default=(), help="only the clips of these classes (Jester layout)")
    ap.add_argument("--shard", default="0/1", help="K/N: every N-th clip from the K-th, to run N processes")


def selected_clips(args) -> list:
    """(path, label, frame step) of the clips :func:`add_clip_arguments`' options name."""
    clips = list(jester_clips(args.jester, args.split, args.per_class, args.skip_per_class, args.labels)
                 if args.jester else egogestar_clips(args.egogestar))
    k, n = (int(v) for v in args.shard.split("/"))
    return clips[k::n]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_clip_arguments(ap)
    ap.add_argument("--track", action="store_true",
                    help="place each frame's crop by the last frame's landmarks, as MediaPipe tracks (the palm detector only where the hand was lost)")
    ap.add_argument("--palm", type=Path, default=Path("target/hands/palm_detection_lite.onnx"))
    ap.add_argument("--landmark", type=Path, default=Path("target/hands/hand_landmark_lite.onnx"))
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    for p in (args.palm, args.landmark):
        if not p.is_file():
            print(f"track: {p} is missing; convert it with python3 -m jesture_train.tflite models/hands/{p.stem}.tflite --out {p}",
                  file=sys.stderr)
            return 2
    if args.out.exists():
        print(f"track: {args.out} exists; choose another --out", file=sys.stderr)
        return 2
    clips = selected_clips(args)
    tracker = hands.Tracker(args.palm, args.landmark)
    found = {}
    try:
        for c in range(0, len(clips), 40):
            chunk = clips[c:c + 40]
            per_clip = [frames(path, step) for path, _, step in chunk]
            imgs = [im for fr in per_clip for im in fr]
            owner = [j for j, fr in enumerate(per_clip) for _ in fr]
            res = [r for rs in tracker.clips(per_clip) for r in rs] if args.track else tracker.frames(imgs)
            owner = np.array(owner)
            for j, (path, label, _) in enumerate(chunk):
                mine = [res[i] for i in np.flatnonzero(owner == j)]
                pts = np.full((len(mine), 21, 3), np.nan, np.float32)
                for t, r in enumerate(mine):
                    if r["pts"] is not None:
                        pts[t] = r["pts"]
                found[str(path)] = dict(label=label, size=np.array(per_clip[j][0].size), pts=pts,
                                        palm=np.array([r["palm"] for r in mine], np.float32),
                                        flag=np.array([r["flag"] for r in mine], np.float32),
                                        handed=np.array([r["handed"] for r in mine], np.float32))
            print(f"{c + len(chunk)}/{len(clips)} clips", flush=True)
    finally:
        tracker.close()
    np.save(args.out, found, allow_pickle=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
