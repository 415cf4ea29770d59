#!/usr/bin/python3
"""Would a learned "gesture present" head gate better than the background mass?

Reads the per-window embeddings and logits that the test-scope tool
io.jesture.internal.adapt.PresenceDump writes (DIR/NAME.csv and DIR/NAME.f32), fits a binary logistic
regression (L2, class-balanced, LBFGS) on the synthetic windows -- every gesture class against
"No gesture" and "Doing other things" -- on centred, unit-length embeddings, and compares its score
with 1 - (background probability) as a separator of gesture from non-gesture, by AUROC:

  synthetic   every window of the synthetic set it was fitted on (an upper bound, not a test);
  egogestar   the EgoGestAR swipes (accept column not '-') against the '-' rows, per clip (the max
              and the mean over the clip's windows) and per window; log-sum-exp shown beside;
  jester      the real Jester dev clips, "No gesture" against the rest.

The head is fitted on synthetic windows only: the real clips measure it. Example (CP as in docs/adapt.md):
  for d in synth5val:data/synth-v5 egogestar:../shared/real-dev/egogestar jester:../shared/real-dev/jester; do
    java -cp "$CP" io.jesture.internal.adapt.PresenceDump models/jesture-r2plus1d.onnx ${d#*:} target/presence/${d%%:*}; done
  bench/presence-probe.py target/presence --lambdas 1e-4,1e-3,1e-2
"""
import argparse
import os
import sys

import numpy as np
import torch

BACKGROUND = ("No gesture", "Doing other things")


def load(base):
    with open(base + ".csv") as f:
        header = f.readline().rstrip("\n").split(";")
        rows = [line.rstrip("\n").split(";") for line in f]
    d = int(header[3].split("=")[1])
    k = int(header[4].split("=")[1])
    a = np.fromfile(base + ".f32", ">f4").reshape(len(rows), d + k).astype(np.float32)
    return rows, a[:, :d], a[:, d:]


def softmax(logits):
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def log_sum_exp(logits):
    m = logits.max(1)
    return m + np.log(np.exp(logits - m[:, None]).sum(1))


def auroc(pos, neg):
    """Probability that a positive scores above a negative, ties counted half."""
    pos, neg = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="folder with synth5val, egogestar and jester .csv/.f32 dumps")
    ap.add_argument("--labels", default="../shared/real-dev/jester/jester-v1-labels.csv",
                    help="the model's label list, one per line (Jester's order)")
    ap.add_argument("--egogestar", default="../shared/real-dev/egogestar/labels.csv")
    ap.add_argument("--synthetic", default="synth5val", help="name of the dump the head is fitted on")
    ap.add_argument("--lambdas", default="1e-4,1e-3,1e-2", help="L2 weights to try")
    args = ap.parse_args()
    for f in (args.labels, os.path.join(args.dir, args.synthetic + ".csv")):
        if not os.path.exists(f):
            sys.exit(f"presence-probe: {f} not found; write the dumps with PresenceDump (see --help)")
    labels = [line.strip() for line in open(args.labels)]
    bg = [labels.index(b) for b in BACKGROUND]

    rows, emb, logits = load(os.path.join(args.dir, args.synthetic))
    y = np.array([0.0 if r[1] in BACKGROUND else 1.0 for r in rows], np.float32)
    mu = emb.mean(0)

    def unit(e):
        e = e - mu
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    fg_syn = 1 - softmax(logits)[:, bg].sum(1)
    print(f"{args.synthetic}: {len(rows)} windows, {int(y.sum())} gesture; 1-background AUROC "
          f"{auroc(fg_syn[y == 1], fg_syn[y == 0]):.3f}")
    x, t = torch.tensor(unit(emb)), torch.tensor(y)
    pos_weight = torch.tensor(float((1 - y).sum() / y.sum()))
    dumps = {}
    for name in ("egogestar", "jester"):
        if os.path.exists(os.path.join(args.dir, name + ".csv")):
            dumps[name] = load(os.path.join(args.dir, name))
        else:
            print(f"{name}: no dump in {args.dir}, skipped")
    accept = {}
    if "egogestar" in dumps:
        for line in open(args.egogestar):
            f = line.strip().split(";")
            if len(f) >= 3 and f[0] != "file":
                accept[f[0]] = f[2]

    for lam in (float(v) for v in args.lambdas.split(",")):
        torch.manual_seed(0)
        w = torch.zeros(x.shape[1], requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        opt = torch.optim.LBFGS([w, b], max_iter=500)

        def closure():
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                x @ w * 10 + b, t, pos_weight=pos_weight) + lam * (w * w).sum()
            loss.backward()
            return loss

        opt.step(closure)

        def presence(e):
            with torch.no_grad():
                return torch.sigmoid(torch.tensor(unit(e)) @ w * 10 + b).numpy()

        p = presence(emb)
        print(f"\nlambda {lam:g}: {args.synthetic} windows presence AUROC {auroc(p[y == 1], p[y == 0]):.3f}")
        for name, (r, e, l) in dumps.items():
            p, fg, lse = presence(e), 1 - softmax(l)[:, bg].sum(1), log_sum_exp(l)
            clips = {}
            for i, row in enumerate(r):
                clips.setdefault(row[0], (row[1], []))[1].append(i)
            if name == "egogestar":
                pos = [c for c in clips if accept.get(c, "-") != "-"]
            else:
                pos = [c for c in clips if clips[c][0] != "No gesture"]
            neg = [c for c in clips if c not in pos]
            if not pos or not neg:
                print(f"  {name}: needs clips of both kinds, skipped")
                continue
            for agg, f in (("max", np.max), ("mean", np.mean)):
                per = lambda s, cs: [f(s[clips[c][1]]) for c in cs]
                print(f"  {name} ({len(pos)} gesture, {len(neg)} not) per-clip {agg}: presence "
                      f"{auroc(per(p, pos), per(p, neg)):.3f}, 1-background {auroc(per(fg, pos), per(fg, neg)):.3f}, "
                      f"log-sum-exp {auroc(per(lse, pos), per(lse, neg)):.3f}")
            wp = [i for c in pos for i in clips[c][1]]
            wn = [i for c in neg for i in clips[c][1]]
            print(f"  {name} windows: presence {auroc(p[wp], p[wn]):.3f}, 1-background {auroc(fg[wp], fg[wn]):.3f}, "
                  f"log-sum-exp {auroc(lse[wp], lse[wn]):.3f}")


if __name__ == "__main__":
    main()
