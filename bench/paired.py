#!/usr/bin/python3
"""Is one model's real figure better than another's, or is the difference a few clips of noise?

Two runs of `jesture eval-clips` on the same clips (DIR/predictions.csv of each) are compared clip by
clip. For each figure, the clips on which the two disagree are the whole evidence: with b clips that
only A gets right and c that only B gets right, a real difference makes b and c unequal, and under
"no difference" each disagreement is a fair coin. The p-value is the exact two-sided binomial test on
min(b, c) of b + c (McNemar's exact test). It measures the noise of which clips were drawn, for
these two trained networks; a second training of the same recipe varies too, and that this does
not measure (docs/model-zoo.md has five seeds of one recipe).

Several draws per side (comma-separated files, e.g. two trainings of one recipe on one world) compare
two worlds rather than two networks: each clip scores the number of draws that get it right, and the
clips on which one side's draws score higher are the evidence, a fair coin each under "no
difference" (the sign test; with one file per side it is McNemar's test above). Counts are then
summed over the draws.

Figures, by the windows protocol (or --protocol centre):
  right      clips whose top-1 is an accepted label (on EgoGestAR: the 88 swipes' directions)
  '-' quiet  EgoGestAR `-` clips NOT called a gesture (so higher is better for both figures)

  bench/paired.py /tmp/ev-A/predictions.csv /tmp/ev-B/predictions.csv [--names A B]
  bench/paired.py A1/predictions.csv,A2/predictions.csv B1/predictions.csv,B2/predictions.csv
"""
import argparse
import csv
import math
import sys


def read(path, protocol):
    with open(path, newline="") as f:
        rows = {r["clip"]: r for r in csv.DictReader(f, delimiter=";")}
    if not rows or f"{protocol}_right" not in next(iter(rows.values())):
        raise ValueError(f"{path}: not a predictions.csv of jesture eval-clips")
    return rows


def exact_mcnemar(b: int, c: int) -> float:
    """Two-sided exact binomial p of the smaller of b and c among b + c fair coins."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def compare(a, b, protocol):
    """Per figure: (A's count, B's count, only A, only B, clips, p).

    a and b are lists of read() files, one per draw; a clip counts as "only A" when more of A's draws
    get it right than B's, and the counts are summed over the draws."""
    every = [set(x) for x in a + b]
    shared = sorted(set.intersection(*every))
    out = {}
    first = a[0]
    gest = [k for k in shared if first[k]["accept"] != "-"]
    quiet = [k for k in shared if first[k]["accept"] == "-"]
    for name, keys, good in (("right", gest, lambda r: r[f"{protocol}_right"] == "1"),
                             ("'-' quiet", quiet, lambda r: r[f"{protocol}_called_gesture"] == "0")):
        if not keys:
            continue
        ga = [sum(good(x[k]) for x in a) for k in keys]
        gb = [sum(good(x[k]) for x in b) for k in keys]
        only_a = sum(x > y for x, y in zip(ga, gb))
        only_b = sum(y > x for x, y in zip(ga, gb))
        out[name] = (sum(ga), sum(gb), only_a, only_b, len(keys), exact_mcnemar(only_a, only_b))
    return out, len(set.union(*every)) - len(shared)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", help="a predictions.csv, or several draws' files joined by commas")
    ap.add_argument("b", help="the same for the other side")
    ap.add_argument("--names", nargs=2, default=("A", "B"))
    ap.add_argument("--protocol", choices=("windows", "centre"), default="windows")
    args = ap.parse_args(argv)
    try:
        a = [read(f, args.protocol) for f in args.a.split(",")]
        b = [read(f, args.protocol) for f in args.b.split(",")]
    except (OSError, ValueError, KeyError) as e:
        print(f"paired: {e}; give two predictions.csv files of eval-clips on the same clips", file=sys.stderr)
        return 2
    figures, unmatched = compare(a, b, args.protocol)
    if not figures:
        print("paired: the two files share no clip; give two runs on the same clips", file=sys.stderr)
        return 2
    na, nb = args.names
    print(f"{'figure':10s} {na:>8s} {nb:>8s} {'only ' + na:>10s} {'only ' + nb:>10s} {'p':>7s}")
    for name, (ca, cb, oa, ob, n, p) in figures.items():
        print(f"{name:10s} {ca:4d}/{n * len(a):<3d} {cb:4d}/{n * len(b):<3d} {oa:10d} {ob:10d} {p:7.3f}")
    if len(a) > 1 or len(b) > 1:
        print(f"(counts summed over {len(a)} and {len(b)} draws; 'only' counts clips one side's draws read more often)")
    if unmatched:
        print(f"({unmatched} clips are in one file only and were left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
