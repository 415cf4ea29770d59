#!/usr/bin/python3
"""Compares how two ensemble members' probabilities become one, on synthetic windows.

Reads PresenceDump's per-window logits (OUT.csv + OUT.f32) of two members on the same clip sets:
a fitting set and a held-out set, both rendered by `jesture synth` with seeds no model trained on.
Never give it real clips: a fusion is chosen on the synthetic world only, as the members were trained.

Rules compared:
  mean      the members' softmax averaged (what ensembles did first)
  product   the softmax of the members' mean log-probabilities: their normalised geometric mean,
            what jesture's ensembles do now (EnsembleScores)
  sumlog    the softmax of the sum of their log-probabilities (the product, sharpened)
  loglinear per class c: z_c = a_c * log pA_c + b_c * log pB_c + bias_c, then softmax; a weighted
            product fitted on the fitting set by L2-regularised cross-entropy (81 numbers)

For each it prints top-1 and NLL, and then, at activation thresholds from 0.3 to 0.9, the share of
gesture windows whose top class is right and at least that sure, against the share of background
windows ("No gesture", "Doing other things") whose top class is a gesture at least that sure: the
trade the smoother's threshold makes. A rule is better only if it gains recall at the same
background share; one that only moves along the curve is a threshold in disguise.

    bench/fusion-fit.py FIT_A FIT_B HELD_A HELD_B --labels MODEL.onnx [--out loglinear.json]
"""
import argparse
import json
import sys

import numpy as np
import onnx
import torch


def load(prefix, k_expected):
    with open(prefix + ".csv") as f:
        header = f.readline().strip().split(";")
        d = int(header[3].split("=")[1])
        k = int(header[4].split("=")[1])
        rows = [line.rstrip("\n").split(";") for line in f]
    assert k == k_expected, (prefix, k)
    raw = np.fromfile(prefix + ".f32", dtype=">f4").reshape(len(rows), d + k)
    logits = raw[:, d:].astype(np.float64)
    clips = [r[0] for r in rows]
    labels = [r[1] for r in rows]
    return clips, labels, logits


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def pair(prefix_a, prefix_b, names):
    ca, la, za = load(prefix_a, len(names))
    cb, lb, zb = load(prefix_b, len(names))
    if ca != cb:
        sys.exit(f"{prefix_a} and {prefix_b} do not hold the same windows in the same order")
    index = {n: i for i, n in enumerate(names)}
    y = np.array([index[l] for l in la])
    return np.array(ca), y, log_softmax(za), log_softmax(zb)


def fit_loglinear(lpa, lpb, y, l2, steps=400):
    k = lpa.shape[1]
    a = torch.full((k,), 0.5, dtype=torch.float64, requires_grad=True)
    b = torch.full((k,), 0.5, dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(k, dtype=torch.float64, requires_grad=True)
    A, B, Y = torch.tensor(lpa), torch.tensor(lpb), torch.tensor(y)
    opt = torch.optim.LBFGS([a, b, bias], max_iter=steps, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        z = a * A + b * B + bias
        loss = torch.nn.functional.cross_entropy(z, Y) + l2 * (((a - 0.5) ** 2).sum() + ((b - 0.5) ** 2).sum() + (bias ** 2).sum())
        loss.backward()
        return loss

    opt.step(closure)
    return a.detach().numpy(), b.detach().numpy(), bias.detach().numpy()


def fused(rule, lpa, lpb, params=None):
    if rule == "mean":
        return np.log((np.exp(lpa) + np.exp(lpb)) / 2)
    a, b, bias = params
    return log_softmax(a * lpa + b * lpb + bias)


def report(name, lp, y, clips, names, background, threshold):
    p = np.exp(lp)
    top = p.argmax(1)
    acc = (top == y).mean()
    nll = -lp[np.arange(len(y)), y].mean()
    # per clip: windows averaged (the eval-clips "windows" protocol)
    uniq, inv = np.unique(clips, return_inverse=True)
    pc = np.zeros((len(uniq), p.shape[1]))
    np.add.at(pc, inv, p)
    yc = np.zeros(len(uniq), dtype=int)
    yc[inv] = y
    clip_acc = (pc.argmax(1) == yc).mean()
    gesture = ~np.isin(y, background)
    sure = p.max(1) >= threshold
    hit = (gesture & sure & (top == y)).sum() / gesture.sum()
    bg_fire = (~gesture & sure & ~np.isin(top, background)).sum() / max(1, (~gesture).sum())
    print(f"{name:>10}: windows top-1 {acc:.4f}  nll {nll:.3f}  clips top-1 {clip_acc:.4f}  "
          f"gesture windows right at p>={threshold} {hit:.4f}  background windows a gesture at p>={threshold} {bg_fire:.4f}")
    per = []
    for c in range(len(names)):
        m = y == c
        per.append((names[c], (top[m] == c).mean() if m.any() else float("nan"), (p[m].max(1) >= threshold).mean() if m.any() else float("nan")))
    return per


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fit_a"); ap.add_argument("fit_b"); ap.add_argument("held_a"); ap.add_argument("held_b")
    ap.add_argument("--labels", required=True, help="an ONNX model whose jesture.labels name the logits")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--threshold", type=float, default=0.65)
    ap.add_argument("--out")
    args = ap.parse_args()
    meta = {p.key: p.value for p in onnx.load(args.labels, load_external_data=False).metadata_props}
    names = json.loads(meta["jesture.labels"])
    background = [names.index(n) for n in json.loads(meta["jesture.background_labels"])]

    cf, yf, af, bf = pair(args.fit_a, args.fit_b, names)
    ch, yh, ah, bh = pair(args.held_a, args.held_b, names)
    params = fit_loglinear(af, bf, yf, args.l2)
    for split, (c, y, a, b) in (("fitting", (cf, yf, af, bf)), ("held-out", (ch, yh, ah, bh))):
        print(f"== {split}: {len(y)} windows of {len(set(c))} clips")
        report("A", a, y, c, names, background, args.threshold)
        report("B", b, y, c, names, background, args.threshold)
        per_mean = report("mean", fused("mean", a, b), y, c, names, background, args.threshold)
        per_product = report("product", log_softmax(0.5 * a + 0.5 * b), y, c, names, background, args.threshold)
        report("sumlog", log_softmax(a + b), y, c, names, background, args.threshold)
        per_ll = report("loglinear", fused("loglinear", a, b, params), y, c, names, background, args.threshold)
    print("== held-out, per threshold t: gesture windows right at p >= t / background windows a gesture at p >= t")
    gesture = ~np.isin(yh, background)
    for name, lp in (("A", ah), ("B", bh), ("mean", fused("mean", ah, bh)), ("product", log_softmax(0.5 * ah + 0.5 * bh)),
                     ("sumlog", log_softmax(ah + bh)), ("loglinear", fused("loglinear", ah, bh, params))):
        p = np.exp(lp)
        top, sure = p.argmax(1), p.max(1)
        cells = []
        for t in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9):
            s = sure >= t
            right = (gesture & s & (top == yh)).sum() / gesture.sum()
            fires = (~gesture & s & ~np.isin(top, background)).sum() / max(1, (~gesture).sum())
            cells.append(f"{t}: {right:.3f} / {fires:.3f}")
        print(f"{name:>10}  " + "  ".join(cells))
    print("== held-out per class: top-1 and share of windows at p >= threshold: mean, product, loglinear; loglinear's a (A), b (B), bias")
    for i, ((n, t0, s0), (_, t1, s1), (_, t2, s2)) in enumerate(zip(per_mean, per_product, per_ll)):
        print(f"{n:>32}: {t0:.3f} {s0:.3f} | {t1:.3f} {s1:.3f} | {t2:.3f} {s2:.3f}   a {params[0][i]:.2f} b {params[1][i]:.2f} bias {params[2][i]:+.2f}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"rule": "loglinear", "weights": [[round(float(v), 6) for v in params[0]], [round(float(v), 6) for v in params[1]]],
                       "bias": [round(float(v), 6) for v in params[2]]}, f)
            f.write("\n")


if __name__ == "__main__":
    main()
