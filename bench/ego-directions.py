#!/usr/bin/python3
"""Does a model read real swipe directions, or only say "gesture" more readily?

`jesture eval-clips ../shared/real-dev/egogestar/labels.csv --out DIR` counts the swipes whose
direction a model reads (DIR/summary.json). That count tends to rise when a model calls fewer swipes
"Doing other things" or "No gesture", and such a model tends to call more of the `-` clips (no
swipe) a gesture too. This splits the count in two:

  called    swipes (of 88) whose top-1 is a gesture at all, not a background class;
  right     swipes whose accepted direction is the top-1;
  right|c   right / called: how often the direction is right once the model says "gesture";
  '-'       `-` clips (of 149) called a gesture.

Example, every summary in the repository:
  bench/ego-directions.py models/zoo/*/real-egogestar-summary.json models/*/real-egogestar-summary.json
"""
import argparse
import json
import os
import sys

SWIPES = ("down", "left", "right", "up")


def row(path, protocol):
    with open(path) as f:
        summary = json.load(f)
    p = summary["protocols"][protocol]
    by_class = p["by_egogestar_class"]
    missing = [c for c in SWIPES if c not in by_class]
    if missing:
        raise ValueError(f"{path}: no EgoGestAR class {', '.join(missing)}; is it an egogestar summary?")
    right = sum(by_class[c]["right"] for c in SWIPES)
    called = sum(by_class[c]["called_a_gesture"] for c in SWIPES)
    swipes = sum(by_class[c]["clips"] for c in SWIPES)
    return right, called, swipes, p["no_gesture_called_a_gesture"], p["no_gesture_clips"]


def name(path):
    # models/zoo/NAME/real-egogestar-summary.json or DIR/summary.json: the folder names the model
    return os.path.basename(os.path.dirname(os.path.abspath(path)))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("summaries", nargs="+", help="summary.json files of eval-clips on egogestar")
    ap.add_argument("--protocol", choices=("windows", "centre"), default="windows")
    args = ap.parse_args(argv)
    print(f"{'model':28s} {'right':>6s} {'called':>7s} {'right|c':>8s} {'-':>8s}")
    for path in args.summaries:
        try:
            right, called, swipes, ng, ng_clips = row(path, args.protocol)
        except (OSError, ValueError, KeyError) as e:
            print(f"ego-directions: {path}: cannot read it ({e}); give the summary.json of eval-clips on "
                  f"egogestar", file=sys.stderr)
            return 2
        share = f"{right / called:.3f}" if called else "-"
        print(f"{name(path):28s} {right:3d}/{swipes:<2d} {called:4d}/{swipes:<2d} {share:>8s} {ng:4d}/{ng_clips}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
