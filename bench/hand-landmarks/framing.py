#!/usr/bin/python3
"""Where and how large the tracked hands are, per tracked set: the 10th, 50th and 90th percentile of
the palm's length (wrist to middle knuckle, in frame heights) and of its centre (from the top, in
heights; from the left, in widths), over the frames with a hand (docs/synthetic-world.md).

  framing.py NAME=A.npy[,B.npy] ...      e.g. rendered=train0.npy,train1.npy real=jester.npy
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hands import hand_found, load_records  # noqa: E402


def framing(records):
    size, top, left, frames = [], [], [], 0
    for r in records:
        w, h = float(r["size"][0]), float(r["size"][1])
        ok = hand_found(r)
        frames += len(ok)
        for t in np.flatnonzero(ok):
            p = r["pts"][t, :, :2]
            size.append(np.linalg.norm(p[9] - p[0]) / h)
            c = p[[0, 5, 9, 13, 17]].mean(0)
            left.append(c[0] / w)
            top.append(c[1] / h)
    return frames, np.array(size), np.array(top), np.array(left)


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for arg in argv:
        name, _, paths = arg.partition("=")
        records = load_records(paths.split(","))
        frames, size, top, left = framing(records.values())
        q = lambda a: " / ".join(f"{v:.2f}" for v in np.percentile(a, [10, 50, 90]))
        print(f"{name}: {len(records)} clips, a hand in {len(size)} of {frames} frames; palm length {q(size)};"
              f" centre from the top {q(top)}; from the left {q(left)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
