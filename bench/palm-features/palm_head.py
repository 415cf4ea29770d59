#!/usr/bin/python3
"""A small spatio-temporal network on frozen palm-detector features (docs/palm-features.md).

  palm_head.py train --data F [F ...] --val F --labels LABELS.csv --out NET.pt
  palm_head.py score --net NET.pt --feats F [--json OUT]
  palm_head.py export --net NET.pt --join models/jesture-r2plus1d.onnx --dataset TEXT --out M.onnx

F names the files extract.py wrote (F.bin, F.idx.npy). Clips are read as jesture reads them: 16
model frames (6 fps) per window; a clip shorter than that is padded with its last frame. `score`
averages every window's probabilities, as `jesture eval-clips` does, and prints top-1; for
EgoGestAR labels ("ACCEPT|CLASS") it prints swipe directions right, swipes called a gesture and `-`
clips called a gesture, as bench/ego-directions.py does.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

WINDOW = 16
BACKGROUND = ("No gesture", "Doing other things")
C, H, W = 256, 8, 14


class Feats:
    """One extraction's clips, read from disk as they are asked for."""

    def __init__(self, path: str):
        self.index = np.load(f"{path}.idx.npy", allow_pickle=True).item()
        self.data = np.memmap(f"{path}.bin", np.float16, "r").reshape(-1, C, H, W)
        self.keys = sorted(self.index)

    def clip(self, key):
        e = self.index[key]
        return self.data[e["start"]:e["start"] + e["frames"]]


def window(clip: np.ndarray, start: int, step: float = 1.0) -> np.ndarray:
    idx = np.minimum((start + np.arange(WINDOW) * step).astype(int), len(clip) - 1)
    return np.asarray(clip[np.maximum(idx, 0)], np.float32)


class Temporal(nn.Module):
    """A convolution over time alone, at every place of the map (as Conv1d, which PyTorch runs far faster than Conv3d)."""

    def __init__(self, i, o, dilation=1):
        super().__init__()
        self.conv = nn.Conv1d(i, o, 3, padding=dilation, dilation=dilation, bias=False)
        self.bn = nn.BatchNorm1d(o)

    def forward(self, x, t):  # x: [N*T, C, H, W]
        nt, c, h, w = x.shape
        y = x.view(nt // t, t, c, h, w).permute(0, 3, 4, 2, 1).reshape(-1, c, t)
        y = F.relu(self.bn(self.conv(y)))
        o = y.shape[1]
        return y.view(nt // t, h, w, o, t).permute(0, 4, 3, 1, 2).reshape(nt, o, h, w)


class PalmHead(nn.Module):
    """Per frame a 1x1 reduction of the 256 palm channels, then (2+1)D blocks, then pooling."""

    def __init__(self, classes: int, width: int = 48):
        super().__init__()
        self.reduce = nn.Sequential(nn.Conv2d(C, width, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        self.s1 = nn.Sequential(nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        self.t1 = Temporal(width, width)
        self.s2 = nn.Sequential(nn.Conv2d(width, 2 * width, 3, padding=1, bias=False), nn.BatchNorm2d(2 * width), nn.ReLU(inplace=True))
        self.t2 = Temporal(2 * width, 2 * width)
        self.t3 = Temporal(2 * width, 2 * width, dilation=2)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(4 * width, classes)

    def forward(self, x):  # x: [N, T, C, H, W]
        n, t = x.shape[:2]
        x = x.reshape(n * t, *x.shape[2:])
        x = self.reduce(x)
        x = self.t1(self.s1(x), t)
        x = F.max_pool2d(x, 2)
        x = self.t2(self.s2(x), t)
        x = self.t3(x, t)
        x = x.view(n, t, *x.shape[1:]).transpose(1, 2)   # [N, C, T, H, W]
        x = torch.cat([x.mean((2, 3, 4)), x.amax((2, 3, 4))], 1)
        return self.fc(self.drop(x))


def read_labels(path):
    return [line.strip() for line in open(path) if line.strip()]


def train(args):
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    labels = read_labels(args.labels)
    sets = [Feats(p) for p in args.data]
    items = [(s, k, labels.index(s.index[k]["label"])) for s in sets for k in s.keys]
    # held in memory as float16: every epoch reads every clip
    cache = {(id(s), k): np.asarray(s.clip(k)) for s, k, _ in items}
    val = Feats(args.val)
    net = PalmHead(len(labels), args.width)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.05)
    steps = args.epochs * math.ceil(len(items) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=steps, pct_start=0.15)
    best, t0 = -1.0, time.time()
    for epoch in range(args.epochs):
        net.train()
        order = rng.permutation(len(items))
        seen, loss_sum = 0, 0.0
        for b in range(0, len(order), args.batch):
            xs, ys = [], []
            for j in order[b:b + args.batch]:
                s, k, y = items[j]
                clip = cache[(id(s), k)]
                step = 1.0 + rng.uniform(-args.speed_jitter, args.speed_jitter)
                span = max(1, int(len(clip) - (WINDOW - 1) * step))
                w = window(clip, int(rng.integers(0, span)), step)
                # the hand's place in the frame is not the label: shift the map by up to a cell
                dy, dx = rng.integers(-1, 2), rng.integers(-2, 3)
                w = np.roll(w, (dy, dx), axis=(2, 3))
                xs.append(w)
                ys.append(y)
            x = torch.from_numpy(np.stack(xs))
            x = x * (1 + 0.1 * torch.randn(x.shape[0], 1, C, 1, 1)) + 0.05 * torch.randn_like(x)
            loss = F.cross_entropy(net(x), torch.tensor(ys), label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            seen += len(ys)
            loss_sum += loss.item() * len(ys)
        acc = evaluate(net, val, labels)["top1"]
        print(f"epoch {epoch + 1}/{args.epochs} loss {loss_sum / seen:.3f} val top-1 {acc:.4f} "
              f"({time.time() - t0:.0f} s)", flush=True)
        if acc > best:
            best = acc
            torch.save(dict(state=net.state_dict(), labels=labels, width=args.width, val=acc, epoch=epoch + 1), args.out)
    print(f"best validation top-1 {best:.4f}; saved {args.out}")


@torch.no_grad()
def clip_probs(net, clip: np.ndarray) -> np.ndarray:
    starts = range(0, max(1, len(clip) - WINDOW + 1))
    x = torch.from_numpy(np.stack([window(clip, s) for s in starts]))
    return F.softmax(net(x), 1).mean(0).numpy()


def evaluate(net, feats: Feats, labels):
    net.eval()
    rows = []
    for k in feats.keys:
        p = clip_probs(net, np.asarray(feats.clip(k)))
        rows.append(dict(clip=k, label=feats.index[k]["label"], top=labels[int(p.argmax())], p=float(p.max())))
    right = sum(r["top"] == r["label"] for r in rows)
    return dict(top1=right / len(rows), right=right, clips=len(rows), rows=rows)


def score(args):
    saved = torch.load(args.net)
    labels = saved["labels"]
    net = PalmHead(len(labels), saved["width"])
    net.load_state_dict(saved["state"])
    net.eval()
    feats = Feats(args.feats)
    res = evaluate(net, feats, labels)
    ego = all("|" in r["label"] for r in res["rows"])
    if ego:
        swipes = [r for r in res["rows"] if not r["label"].startswith("-|")]
        quiet = [r for r in res["rows"] if r["label"].startswith("-|")]
        right = sum(r["top"] in r["label"].split("|")[:-1] for r in swipes)
        called = sum(r["top"] not in BACKGROUND for r in swipes)
        qcalled = sum(r["top"] not in BACKGROUND for r in quiet)
        res.update(directions=right, swipes=len(swipes), called=called, quiet_called=qcalled, quiet=len(quiet))
        print(f"directions right {right}/{len(swipes)}, swipes called a gesture {called}/{len(swipes)}, "
              f"'-' called a gesture {qcalled}/{len(quiet)}")
    else:
        for r in res["rows"]:
            print(f"{Path(r['clip']).name:32s} {r['label']:32s} -> {r['top']} {r['p']:.2f}")
        print(f"top-1 {res['right']}/{res['clips']}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))


def export(args):
    """The palm detector and the network as one pixel model of jesture's contract (docs/model-contract.md):
    clip [N, 3, 16, 128, 224], RGB in [0, 1], labels in the joined model's order. Every frame of every
    clip runs through the palm detector, so it costs far more than a model that caches its frames' features."""
    import io

    import onnx

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "train"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from jesture_train import contract
    from jesture_train.export import save_derived
    import palmnet

    if Path(args.out).exists():
        print(f"palm_head: {args.out} exists; choose another --out", file=sys.stderr)
        return 2
    saved = torch.load(args.net)
    head = PalmHead(len(saved["labels"]), saved["width"])
    head.load_state_dict(saved["state"])
    join = {p.key: p.value for p in onnx.load(str(args.join), load_external_data=False).metadata_props}
    labels = json.loads(join["jesture.labels"])
    order = torch.tensor([saved["labels"].index(label) for label in labels])
    backbone = palmnet.PalmBackbone(Path(args.palm))

    class Whole(nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone, self.head = backbone, head

        def forward(self, x):  # [N, 3, T, H, W]
            n, c, t, h, w = x.shape
            f = self.backbone(x.permute(0, 2, 1, 3, 4).reshape(n * t, c, h, w))
            return self.head(f.view(n, t, *f.shape[1:]))[:, order]

    whole = Whole().eval()
    counted = [0]
    with torch.no_grad():
        backbone(torch.zeros(1, 3, H * 16, W * 16), counted)
    backbone_macs = counted[0]
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(whole, (torch.zeros(1, 3, WINDOW, H * 16, W * 16),), buf,
                          input_names=[contract.INPUT_NAME], output_names=[contract.OUTPUT_NAME],
                          dynamic_axes={contract.INPUT_NAME: {0: "batch"}, contract.OUTPUT_NAME: {0: "batch"}},
                          opset_version=13, do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    proto = onnx.load_from_string(buf.getvalue())
    meta = {k: join[k] for k in ("jesture.contract", "jesture.labels", "jesture.background_labels", "jesture.fps")}
    meta.update({
        "jesture.clip_length": str(WINDOW), "jesture.frame_height": str(H * 16), "jesture.frame_width": str(W * 16),
        "jesture.color_order": "RGB", "jesture.mean": "[0.0,0.0,0.0]", "jesture.std": "[1.0,1.0,1.0]",
        "jesture.resize": "cover_center_crop",
        "jesture.arch": f"palm-features-w{saved['width']}",
        "jesture.dataset": args.dataset,
        "jesture.accuracy": json.dumps({"top1": saved["val"], "split": "validation", "protocol": "windows"}),
        # the palm detector on each of the 16 frames, and the network on their features
        "jesture.mflops": f"{2 * backbone_macs * WINDOW / 1e6 + head_mflops(head):.1f}",
        "jesture.params": str(sum(p.numel() for p in whole.parameters())),
    })
    proto.producer_name = "jesture_train"
    proto.doc_string = "jesture gesture classifier on MediaPipe's frozen palm-detector features (experiment)"
    save_derived(proto, meta, Path(args.out))
    print(f"{args.out}: {meta['jesture.mflops']} MFLOPs per clip, {meta['jesture.params']} parameters")
    return 0


def head_mflops(head: PalmHead) -> float:
    """Twice the multiply-adds of the network on one window of features."""
    macs = [0]

    def count(m, i, o):
        per_output = m.weight[0].numel() if isinstance(m, (nn.Conv1d, nn.Conv2d)) else m.in_features
        macs[0] += o.numel() * per_output

    hooks = [m.register_forward_hook(count) for m in head.modules() if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        head.eval()(torch.zeros(1, WINDOW, C, H, W))
    for h in hooks:
        h.remove()
    return 2 * macs[0] / 1e6


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", nargs="+", required=True)
    t.add_argument("--val", required=True)
    t.add_argument("--labels", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--width", type=int, default=48)
    t.add_argument("--speed-jitter", type=float, default=0.15)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--seed", type=int, default=0)
    s = sub.add_parser("score")
    s.add_argument("--net", required=True)
    s.add_argument("--feats", required=True)
    s.add_argument("--json")
    s.add_argument("--threads", type=int, default=2)
    e = sub.add_parser("export")
    e.add_argument("--net", required=True)
    e.add_argument("--join", required=True, help="the pixel model whose labels and fps it takes")
    e.add_argument("--palm", default="target/hands/palm_detection_lite.onnx")
    e.add_argument("--dataset", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.cmd == "export":
        return export(args)
    if args.cmd == "train":
        if Path(args.out).exists():
            print(f"palm_head: {args.out} exists; choose another --out", file=sys.stderr)
            return 2
        train(args)
    else:
        score(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
