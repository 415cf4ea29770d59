#!/usr/bin/python3
"""Train the landmark gesture network on tracked rendered clips, and score it on tracked clips.

  landmark_net.py train --data A.npy B.npy --val V.npy --labels DIR/jester-v1-labels.csv --out NET.pt
  landmark_net.py score --net NET.pt [NET2.pt ...] --data F.npy [--egogestar]
  landmark_net.py export --net NET.pt [NET2.pt ...] --val V.npy --join models/jesture-r2plus1d.onnx --out F.onnx

Several --net files are scored, or exported, as one ensemble: the mean of their log-softmax.

Input: what track.py saved. The network (three dilated 1D convolutions over the per-frame features
of hands.features, mean and max pooled over time, one linear layer) sees 20 steps at 6 fps in
training, with the clip's speed jittered by up to 25% either way, its middle moved by up to two
steps, landmark noise, and a tenth of the frames dropped; at scoring it reads the whole clip.
`score` prints top-1 per clip for Jester-layout clips, and for EgoGestAR the swipe directions read
(top-1 among the accepted labels), the swipes called a gesture at all, and the `-` clips called a
gesture (top-1 not a background class), as bench/ego-directions.py counts them for eval-clips.
"""
import argparse
import collections
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hands  # noqa: E402
from jesture_train.landmarks import LandmarkEnsemble, LandmarkNet, mirror_features, mirror_labels  # noqa: E402

BACKGROUND = ("No gesture", "Doing other things")


def sub_record(r: dict, idx: np.ndarray) -> dict:
    """The tracked record of the frames ``idx`` of a clip, in that order."""
    return dict(r, pts=r["pts"][idx], flag=r["flag"][idx], handed=r["handed"][idx], palm=r["palm"][idx])


def window_indices(n: int, steps: int):
    """The frames of every window the runtime classifies in a clip of n model frames: ``steps``
    consecutive frames at stride 1, a clip shorter than one window padded with its last frame."""
    if n <= steps:
        return [np.minimum(np.arange(steps), n - 1)]
    return [np.arange(start, start + steps) for start in range(n - steps + 1)]


def windows_probs(net: LandmarkNet, r: dict, steps: int) -> np.ndarray:
    """The softmax averaged over every window of the clip, each window's features computed over that
    window alone, as jesture's runtime computes them (eval-clips' windows protocol)."""
    xs = np.stack([hands.features(sub_record(r, idx)) for idx in window_indices(len(r["flag"]), steps)])
    with torch.no_grad():
        return torch.softmax(net(torch.tensor(xs)), 1).numpy().mean(0)


def tracker_like(r: dict, rng, miss) -> dict:
    """A window of the world's own landmarks (pose_track.py records) as a tracker might report it: a
    share of the frames drawn from ``miss`` lost, and every point moved by noise of 2% to 8% of the
    palm length (the tracker's landmarks lie 9% of a palm length from the world's points on rendered
    frames, after their mean offsets; pose_track.py compare)."""
    pts = r["pts"].copy()
    flag = r["flag"].copy()
    lost = rng.random(len(flag)) < rng.uniform(*miss)
    pts[lost] = np.nan
    flag[lost] = 0
    palm = np.linalg.norm(pts[:, 9, :2] - pts[:, 0, :2], axis=1)
    pts[:, :, :2] += rng.normal(0, 1, pts[:, :, :2].shape) * (rng.uniform(0.02, 0.08) * palm)[:, None, None]
    return dict(r, pts=pts, flag=flag)


def windows_top1(net, val: dict, index: dict, steps: int) -> float:
    """Top-1 over the validation clips by the windows protocol (windows_probs), as eval-clips reads."""
    return float(np.mean([windows_probs(net, r, steps).argmax() == index[r["label"]] for r in val.values()]))


def train(args):
    labels = [line.strip() for line in open(args.labels) if line.strip()]
    index = {l: i for i, l in enumerate(labels)}
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    torch.set_num_threads(args.threads)
    data, val = hands.load_records(args.data), hands.load_records(args.val)
    records = list(data.values())
    # Whole-clip features only for whole-clip training: windows are featured afresh, window by window.
    x_train = None if args.window else [hands.features(r) for r in records]
    y_train = np.array([index[r["label"]] for r in data.values()])
    x_val = None if args.window else torch.tensor(np.stack([hands.resample(hands.features(r)) for r in val.values()]))
    y_val = np.array([index[r["label"]] for r in val.values()])
    present = np.concatenate([hands.hand_found(r) for r in records])
    mirrored = mirror_labels(labels)
    net = LandmarkNet(labels, width=args.width, no_depth=args.no_depth)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-3)
    steps = (len(records) + args.batch - 1) // args.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=args.epochs * steps)
    print(f"{len(records)} training clips, {len(val)} validation clips; hand found in {present.mean():.2f} of training frames")
    for epoch in range(args.epochs):
        net.train()
        order = rng.permutation(len(records))
        for b in range(0, len(order), args.batch):
            idx = order[b:b + args.batch]
            xb, yb = [], []
            for i in idx:
                if args.window:
                    # A window as the runtime sees one: `window` frames at a jittered speed, anywhere in
                    # the clip, its features computed over those frames alone.
                    n, speed = len(records[i]["flag"]), float(np.exp(rng.uniform(-0.25, 0.25)))
                    start = rng.uniform(0, max(0.0, n - 1 - (args.window - 1) * speed))
                    frames = np.clip(np.round(start + np.arange(args.window) * speed).astype(int), 0, n - 1)
                    sub = sub_record(records[i], frames)
                    if records[i].get("pose"):
                        sub = tracker_like(sub, rng, args.pose_miss)
                    x = hands.features(sub)
                else:
                    x = hands.resample(x_train[i], speed=float(np.exp(rng.uniform(-0.25, 0.25))), offset=rng.uniform(-2, 2))
                x += rng.normal(0, 0.03, x.shape).astype(np.float32) * x[:, 69:70]
                x[rng.random(len(x)) < 0.1] = 0
                y = y_train[i]
                if args.mirror and rng.random() < 0.5:
                    # People swipe with either hand; the rendered performer mostly uses one.
                    x, y = mirror_features(x), mirrored[y]
                xb.append(x)
                yb.append(y)
            loss = nn.functional.cross_entropy(net(torch.tensor(np.stack(xb))), torch.tensor(np.array(yb)), label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        if (epoch + 1) % 10 == 0 or epoch + 1 == args.epochs:
            net.eval()
            if args.window:
                acc = windows_top1(net, val, index, args.window)
            else:
                with torch.no_grad():
                    acc = float((net(x_val).argmax(1).numpy() == y_val).mean())
            print(f"epoch {epoch + 1}: loss {loss.item():.3f}, validation top-1 {acc:.3f} ({int(round(acc * len(y_val)))}/{len(y_val)})",
                  flush=True)
    torch.save({"labels": labels, "width": args.width, "state": net.state_dict(), "no_depth": args.no_depth}, args.out)
    return 0


def load_net(path) -> LandmarkNet:
    """A network train() saved, ready to score."""
    saved = torch.load(path)
    net = LandmarkNet(saved["labels"], width=saved.get("width", 96), no_depth=bool(saved.get("no_depth")))
    net.load_state_dict(saved["state"])
    return net.eval()


def load_nets(paths):
    """One saved network, or several as one ensemble (the mean of their log-softmax)."""
    nets = [load_net(p) for p in paths]
    return nets[0] if len(nets) == 1 else LandmarkEnsemble(nets).eval()


def clip_probs(net: LandmarkNet, f: np.ndarray) -> np.ndarray:
    """Class probabilities of one tracked clip, read whole, from its features (hands.features)."""
    with torch.no_grad():
        return torch.softmax(net(torch.tensor(hands.resample(f, n=max(hands.CLIP_STEPS, len(f)))[None])), 1)[0].numpy()


def score(args):
    net = load_nets(args.net)
    labels = net.labels
    rows = []
    for path, r in sorted(hands.load_records(args.data).items()):
        f = hands.features(r)
        prob = windows_probs(net, r, args.window) if args.window else clip_probs(net, f)
        rows.append((path, r["label"], labels[int(prob.argmax())], float(prob.max()), float(f[:, 69].mean())))
    if not args.egogestar:
        right = 0
        for path, want, got, p, present in rows:
            right += want == got
            print(f"{Path(path).name:28s} {want:30s} -> {got:30s} {p:.2f}  hand in {present:.2f} of frames")
        print(f"right: {right}/{len(rows)}")
        return 0
    swipes = [r for r in rows if not r[1].startswith("-|")]
    quiet = [r for r in rows if r[1].startswith("-|")]
    right = sum(r[2] in r[1].split("|")[:-1] for r in swipes)
    called = sum(r[2] not in BACKGROUND for r in swipes)
    loud = sum(r[2] not in BACKGROUND for r in quiet)
    print(f"directions right: {right}/{len(swipes)}; swipes called a gesture: {called}/{len(swipes)}; "
          f"'-' called a gesture: {loud}/{len(quiet)}")
    for cls in ("down", "left", "right", "up"):
        mine = [r for r in swipes if r[1].endswith("|" + cls)]
        said = collections.Counter(r[2] for r in mine).most_common(3)
        print(f"  {cls:5s} right {sum(r[2] in r[1].split('|')[:-1] for r in mine)}/{len(mine)}; most called "
              + ", ".join(f"{label} {n}" for label, n in said))
    return 0


def export(args):
    """The network as an ONNX hands model beside the pixel model it joins (jesture_train.landmarks)."""
    import onnx

    from jesture_train.landmarks import export_onnx

    net = load_nets(args.net)
    val = hands.load_records(args.val)
    index = {l: i for i, l in enumerate(net.labels)}
    if args.window:
        top1 = windows_top1(net, val, index, args.window)
        protocol = {"protocol": "windows", "steps": args.window}
    else:
        x_val = torch.tensor(np.stack([hands.resample(hands.features(r)) for r in val.values()]))
        with torch.no_grad():
            top1 = float((net(x_val).argmax(1).numpy() == np.array([index[r["label"]] for r in val.values()])).mean())
        protocol = {"protocol": "whole clip", "steps": hands.CLIP_STEPS}
    join = {p.key: p.value for p in onnx.load(str(args.join), load_external_data=False).metadata_props}
    try:
        meta = export_onnx(net, join, Path(args.out), dataset=args.dataset,
                           accuracy={"top1": top1, "split": "validation", "clips": len(val), **protocol})
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{args.out}: validation top-1 {top1:.3f} ({len(val)} clips, {protocol['protocol']}), {meta['jesture.params']} parameters, "
          f"{meta['jesture.mflops']} MFLOPs per clip")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", nargs="+", required=True)
    t.add_argument("--val", nargs="+", required=True)
    t.add_argument("--labels", required=True)
    t.add_argument("--no-depth", action="store_true", help="a network that zeroes the landmarks' depth on the way in")
    t.add_argument("--pose-miss", type=float, nargs=2, default=(0.0, 0.6), metavar=("LO", "HI"),
                   help="share of frames a window of pose-track records loses, drawn per window between LO and HI")
    t.add_argument("--out", required=True)
    t.add_argument("--epochs", type=int, default=60)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--width", type=int, default=96, help="channels of the first two convolutions (the third has at least 128)")
    t.add_argument("--mirror", action="store_true",
                   help="show half the training windows mirrored left to right, with their labels mirrored too")
    t.add_argument("--window", type=int, default=0,
                   help="train on windows of N consecutive model frames, features computed per window, as the runtime "
                        "classifies (validation: every window averaged); 0: whole clips resampled to 20 steps")
    s = sub.add_parser("score")
    s.add_argument("--net", nargs="+", required=True, help="a network, or several scored as one ensemble")
    s.add_argument("--data", nargs="+", required=True)
    s.add_argument("--egogestar", action="store_true")
    s.add_argument("--window", type=int, default=0, help="score every window of N frames, averaged, as the runtime does")
    e = sub.add_parser("export")
    e.add_argument("--net", nargs="+", required=True, help="a network, or several exported as one ensemble in one file")
    e.add_argument("--val", nargs="+", required=True, help="tracked validation clips, to record the network's top-1")
    e.add_argument("--join", required=True, help="the pixel model whose contract and label order the hands model takes")
    e.add_argument("--dataset", required=True, help="what it was trained on, for jesture.dataset")
    e.add_argument("--window", type=int, default=0, help="record the validation top-1 over every window of N frames, as the runtime reads")
    e.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    return {"train": train, "score": score, "export": export}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
