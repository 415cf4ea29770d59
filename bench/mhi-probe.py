#!/usr/bin/python3
"""Can a motion-history image tell EgoGestAR's 10 custom gestures apart from 5 takes each?

A few-shot descriptor that needs no network: the motion-history image and motion-energy image of
Bobick and Davis ("The Recognition of Human Movement Using Temporal Templates", 2001). Each clip is
decoded by the ffmpeg program to 160x120 grey, halved to 80x60, every --step-th frame kept; a pixel
moves where it differs from the kept frame before by more than --threshold grey levels, after
aligning the two frames for the camera's own shift (the best integer shift within 3 pixels, since
a head-worn camera moves) unless --no-align. The MHI holds, per pixel, how late in the clip it last
moved (0 to 1), the MEI how often; both are averaged over a --grid of cells and concatenated.

Scored as docs/adapt.md scores the few-shot heads: k takes per class drawn with seeds 11 to 15,
top-1 over every remaining clip of the 10 classes, by the nearest class mean and by the nearest take
(cosine). Decoded clips are cached in --cache. Example:
  bench/mhi-probe.py ../shared/real-dev/egogestar
  bench/mhi-probe.py ../shared/real-dev/egogestar --no-align
"""
import argparse
import csv
import os
import subprocess
import sys

import numpy as np

CLASSES = ["carret", "circlecc", "del", "down", "left", "right", "square", "star", "tick", "up"]


def decode(root, cache):
    if os.path.exists(cache):
        return np.load(cache, allow_pickle=True).item()
    with open(os.path.join(root, "labels.csv")) as f:
        rows = [r for r in csv.reader(f, delimiter=";") if r and r[0] != "file"]
    clips = {}
    for name, cls, _ in rows:
        raw = subprocess.run(["ffmpeg", "-v", "error", "-i", os.path.join(root, name), "-vf",
                              "scale=160:120,format=gray", "-f", "rawvideo", "-"],
                             capture_output=True, check=True).stdout
        clips[name] = (cls, np.frombuffer(raw, np.uint8).reshape(-1, 120, 160))
    os.makedirs(os.path.dirname(os.path.abspath(cache)), exist_ok=True)
    np.save(cache, clips, allow_pickle=True)
    return clips


def moved(prev, cur, align, r=3):
    """Absolute difference of cur and prev, prev shifted by the integer offset that fits best."""
    h, w = cur.shape
    c = cur[r:h - r, r:w - r]
    if not align:
        return np.abs(c - prev[r:h - r, r:w - r])
    best = None
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            d = np.abs(c - prev[r + dy:h - r + dy, r + dx:w - r + dx])
            m = d.mean()
            if best is None or m < best[0]:
                best = (m, d)
    return best[1]


def descriptor(frames, step, threshold, grid, align):
    a = frames.astype(np.float32)
    a = a.reshape(a.shape[0], 60, 2, 80, 2).mean((2, 4))[::step]
    if len(a) < 2:
        a = np.concatenate([a, a])
    mask = np.array([moved(a[t - 1], a[t], align) > threshold for t in range(1, len(a))])
    late = (np.arange(1, len(a)) / (len(a) - 1))[:, None, None]
    mhi, mei = (mask * late).max(0), mask.mean(0)

    def pool(img):
        gh, gw = grid
        h, w = img.shape
        img = img[:h // gh * gh, :w // gw * gw]
        return img.reshape(gh, h // gh, gw, w // gw).mean((1, 3)).ravel()

    return np.concatenate([pool(mhi), pool(mei)])


def score(x, y, k, seed):
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in range(len(CLASSES)):
        idx = np.where(y == c)[0]
        rng.shuffle(idx)
        train += list(idx[:k])
        test += list(idx[k:])
    xn = x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-9)
    means = np.array([xn[[i for i in train if y[i] == c]].mean(0) for c in range(len(CLASSES))])
    by_mean = np.argmax(xn[test] @ means.T, 1)
    by_take = y[np.array(train)][(xn[test] @ xn[train].T).argmax(1)]
    return (by_mean == y[test]).mean(), (by_take == y[test]).mean()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("egogestar", help="the EgoGestAR folder (labels.csv beside the clips)")
    ap.add_argument("--cache", default="target/mhi/egogestar-160x120.npy")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--step", type=int, default=3)
    ap.add_argument("--threshold", type=float, default=20)
    ap.add_argument("--grid", default="12x16", help="rows x columns of the pooled descriptor")
    ap.add_argument("--no-align", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.egogestar, "labels.csv")):
        sys.exit(f"mhi-probe: no labels.csv in {args.egogestar}; give the EgoGestAR folder")
    grid = tuple(int(v) for v in args.grid.split("x"))
    clips = decode(args.egogestar, args.cache)
    x, y = [], []
    for cls, frames in clips.values():
        if cls in CLASSES:
            x.append(descriptor(frames, args.step, args.threshold, grid, not args.no_align))
            y.append(CLASSES.index(cls))
    x, y = np.array(x), np.array(y)
    r = np.array([score(x, y, args.k, s) for s in range(11, 16)])
    print(f"{len(y)} clips, k = {args.k}, step {args.step}, threshold {args.threshold:g}, grid {args.grid}, "
          f"{'no alignment' if args.no_align else 'aligned'}: nearest class mean {r[:, 0].mean():.3f} ± "
          f"{r[:, 0].std():.3f}, nearest take {r[:, 1].mean():.3f} ± {r[:, 1].std():.3f}")


if __name__ == "__main__":
    main()
