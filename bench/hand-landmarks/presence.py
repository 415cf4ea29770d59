#!/usr/bin/python3
"""Could "no hand, no gesture" gate events? Per clip, the palm detector's best score over the clip's
frames (what track.py saved), for clips that hold a gesture against clips that should stay quiet.

  presence.py --jester J.npy --egogestar E.npy [--synthetic V.npy]

For each threshold: the share of gesture clips that keep a frame at or above it (the gate would
let them fire) and the share of quiet clips that have none (the gate would hold them back). Real
Jester: "No gesture" is quiet, the rest gestures; EgoGestAR: `-` rows quiet, swipes gestures;
synthetic: "No gesture" and "Doing other things" quiet.
"""
import argparse

import numpy as np

BACKGROUND = ("No gesture", "Doing other things")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def split(found, quiet):
    g, q = [], []
    for r in found.values():
        (q if quiet(r["label"]) else g).append(float(np.nanmax(r["palm"])) if np.isfinite(r["palm"]).any() else 0.0)
    return np.array(g), np.array(q)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jester")
    ap.add_argument("--egogestar")
    ap.add_argument("--synthetic")
    args = ap.parse_args()
    sets = []
    if args.jester:
        sets.append(("real Jester", args.jester, lambda l: l == "No gesture"))
    if args.egogestar:
        sets.append(("EgoGestAR", args.egogestar, lambda l: l.startswith("-|")))
    if args.synthetic:
        sets.append(("synthetic", args.synthetic, lambda l: l in BACKGROUND))
    for name, path, quiet in sets:
        g, q = split(np.load(path, allow_pickle=True).item(), quiet)
        print(f"{name}: {len(g)} gesture clips, {len(q)} quiet clips")
        for t in THRESHOLDS:
            print(f"  palm >= {t:.1f}: gestures kept {int((g >= t).sum())}/{len(g)}, quiet held back {int((q < t).sum())}/{len(q)}")


if __name__ == "__main__":
    main()
