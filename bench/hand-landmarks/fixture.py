#!/usr/bin/python3
"""Write the hand tracker's test fixture: one rendered clip's frames at 6 fps as PNG, and what
hands.Tracker.frames and hands.features make of them, for HandTrackerTest and HandFeaturesTest to
compare the Java tracker and features with.

  fixture.py --clip data/synth-v7-hv3/643 --out src/test/resources/io/jesture/internal/hands

The frames are re-encoded losslessly, so both sides decode the same pixels. Refuses an existing
expected.json.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hands  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clip", type=Path, required=True, help="a Jester-layout clip folder (12 fps JPEG frames)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--palm", type=Path, default=Path("target/hands/palm_detection_lite.onnx"))
    ap.add_argument("--landmark", type=Path, default=Path("target/hands/hand_landmark_lite.onnx"))
    args = ap.parse_args(argv)
    if (args.out / "expected.json").exists():
        print(f"fixture: {args.out / 'expected.json'} exists; remove it first", file=sys.stderr)
        return 2
    imgs = [Image.open(f).convert("RGB") for f in sorted(args.clip.glob("*.jpg"))[::2]]
    args.out.mkdir(parents=True, exist_ok=True)
    for t, im in enumerate(imgs):
        im.save(args.out / f"frame{t:02d}.png")
    # Track what the PNGs hold, exactly as Java will read them.
    imgs = [Image.open(args.out / f"frame{t:02d}.png").convert("RGB") for t in range(len(imgs))]
    tracker = hands.Tracker(args.palm, args.landmark)
    try:
        res = tracker.frames(imgs)
    finally:
        tracker.close()
    pts = np.full((len(res), 21, 3), np.nan, np.float32)
    for t, r in enumerate(res):
        if r["pts"] is not None:
            pts[t] = r["pts"]
    rec = dict(size=np.array(imgs[0].size), pts=pts, palm=np.array([r["palm"] for r in res], np.float32),
               flag=np.array([r["flag"] for r in res], np.float32), handed=np.array([r["handed"] for r in res], np.float32))
    feats = hands.features(rec)
    frames = [dict(palm=float(r["palm"]), flag=float(r["flag"]), handed=float(r["handed"]),
                   pts=None if r["pts"] is None else np.asarray(r["pts"], np.float32).round(4).tolist()) for r in res]
    out = dict(source=str(args.clip), width=imgs[0].size[0], height=imgs[0].size[1], frames=frames,
               features=feats.round(6).tolist())
    (args.out / "expected.json").write_text(json.dumps(out) + "\n")
    print(f"{len(frames)} frames, hand in {sum(f['pts'] is not None and f['flag'] >= hands.MIN_HAND for f in frames)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
