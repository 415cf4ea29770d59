#!/usr/bin/python3
"""The pixel network and the landmark network together: per clip, the pixel network's window
probabilities averaged (from io.jesture.internal.adapt.PresenceDump), times the landmark network's
clip probabilities, normalised. Prints the counts of landmark_net.py score for the pixel network
alone, the landmark network alone and the product.

  fuse_pixel.py --pixel target/hands/pixel/jester --tracked J.npy --net NET.pt
  fuse_pixel.py --pixel target/hands/pixel/egogestar --tracked E.npy --net NET.pt --egogestar
"""
import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hands  # noqa: E402
from landmark_net import BACKGROUND, clip_probs, load_net  # noqa: E402


def pixel_probs(base):
    lines = open(base + ".csv").read().splitlines()
    d, k = (int(f.split("=")[1]) for f in lines[0].split(";")[3:5])
    data = np.fromfile(base + ".f32", ">f4").reshape(len(lines) - 1, d + k)[:, d:]
    p = np.exp(data - data.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    by = {}
    for row, line in zip(p, lines[1:]):
        by.setdefault(line.split(";")[0], []).append(row)
    return {c: np.mean(v, 0) for c, v in by.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pixel", required=True)
    ap.add_argument("--tracked", required=True)
    ap.add_argument("--net", required=True)
    ap.add_argument("--egogestar", action="store_true")
    args = ap.parse_args()
    net = load_net(args.net)
    labels = net.labels
    pixel = pixel_probs(args.pixel)
    tracked = np.load(args.tracked, allow_pickle=True).item()
    rows = {"pixel": [], "landmarks": [], "product": []}
    for path, r in sorted(tracked.items()):
        lm = clip_probs(net, hands.features(r))
        px = pixel[Path(path).name]
        both = px * lm
        for name, p in (("pixel", px), ("landmarks", lm), ("product", both / both.sum())):
            rows[name].append((r["label"], labels[int(np.argmax(p))]))
    for name, got in rows.items():
        if not args.egogestar:
            print(f"{name:10s} real Jester right {sum(w == g for w, g in got)}/{len(got)}: "
                  + ", ".join(g for w, g in got if w == g))
            continue
        swipes = [(w, g) for w, g in got if not w.startswith("-|")]
        quiet = [(w, g) for w, g in got if w.startswith("-|")]
        print(f"{name:10s} directions right {sum(g in w.split('|')[:-1] for w, g in swipes)}/{len(swipes)}, "
              f"swipes called a gesture {sum(g not in BACKGROUND for w, g in swipes)}/{len(swipes)}, "
              f"'-' called a gesture {sum(g not in BACKGROUND for w, g in quiet)}/{len(quiet)}")


if __name__ == "__main__":
    main()
