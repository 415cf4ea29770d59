#!/usr/bin/python3
"""Per-clip feature-statistics alignment (AdaBN at test time) for jesture's pixel models.

Why: a network trained only on the rendered world meets real video whose low-level statistics
(texture, noise, contrast, colour) it never saw. "Revisiting Batch Normalization For Practical Domain
Adaptation" (Li et al., AdaBN) and "Improving robustness against common corruptions by covariate
shift adaptation" (Schneider et al.) re-estimate batch-norm statistics on the target domain instead
of training on it. jesture's exported models have their batch norm folded into the convolutions, so
this works on the folded graph: at each of the first K convolutions (each was followed by batch norm
in training), the clip's own per-channel mean and standard deviation of that convolution's output,
taken over every window of the clip, are moved to the mean and standard deviation that rendered
clips show there, measured the same way (per clip, then averaged). No label, no training, no real
clip in the statistics of the source side: the target side sees only the clip being classified, as
a live camera would see its own recent frames.

    adabn.py source-stats --model M --jester data/synth-v7 --per-class 10 [--split train] --out S.npz
    adabn.py score --model M --stats S.npz --layers K[,K...] SOURCE [SOURCE ...] [--out D]

``score`` reads frame folders and ';' CSVs as ``jesture_train.real_eval`` does (windows protocol:
every 16-frame window at the model's fps, softmax averaged); ``--layers 0`` is the model unchanged.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "train"))
from jesture_train.augment import prepare_batch  # noqa: E402
from jesture_train.real_eval import clips_of, count, read_folder, read_video, window_indices  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hand-landmarks"))
from track import jester_clips  # noqa: E402


def _attrs(node) -> Dict[str, object]:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class OnnxRunner:
    """The handful of ONNX operators jesture's (2+1)D exports use, run by PyTorch, so that the output
    of every convolution can be renormalised on the way through."""

    def __init__(self, path: Path):
        self.model = onnx.load(str(path))
        g = self.model.graph
        self.init = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in g.initializer}
        self.nodes = list(g.node)
        self.convs = [n.output[0] for n in self.nodes if n.op_type == "Conv"]
        self.meta = {p.key: p.value for p in self.model.metadata_props}
        for n in self.nodes:
            if n.op_type not in _OPS:
                raise ValueError(f"{path}: operator {n.op_type} is not supported here")

    def labels(self) -> List[str]:
        return json.loads(self.meta["jesture.labels"])

    @torch.no_grad()
    def run(self, clip: torch.Tensor, layers: int = 0, stats: Optional[Dict[str, np.ndarray]] = None,
            collect: Optional[Dict[str, List[np.ndarray]]] = None, unit: str = "clip") -> torch.Tensor:
        """Logits for ``clip`` [N, 3, T, H, W], one clip's windows. The first ``layers`` convolutions'
        outputs are moved from their own per-channel statistics to ``stats``: over the whole batch
        (``unit`` "clip") or over each window alone ("window", what a graph could do on one window
        at a time); ``collect`` receives every convolution's per-channel (mean, std) per unit."""
        env: Dict[str, torch.Tensor] = dict(self.init)
        env["clip"] = clip
        adapt = set(self.convs[:layers])
        for n in self.nodes:
            ins = [env[i] if i else None for i in n.input]
            out = _OPS[n.op_type](ins, _attrs(n))
            name = n.output[0]
            if n.op_type == "Conv" and (collect is not None or name in adapt):
                dims = list(range(2, out.dim())) if unit == "window" else [0] + list(range(2, out.dim()))
                m = out.mean(dim=dims, keepdim=True)
                s = out.std(dim=dims, unbiased=False, keepdim=True)
                if collect is not None:
                    for mi, si in zip(m.reshape(m.shape[0], -1), s.reshape(s.shape[0], -1)):
                        collect.setdefault(name, []).append(np.stack([mi.numpy(), si.numpy()]))
                if name in adapt:
                    sm = torch.from_numpy(stats[name + ":mean"]).float()
                    ss = torch.from_numpy(stats[name + ":std"]).float()
                    shape = [1, -1] + [1] * (out.dim() - 2)
                    sm, ss = sm.view(shape), ss.view(shape)
                    # A channel that is flat on this clip keeps its offset: dividing by ~0 would blow up.
                    s = torch.maximum(s, 1e-3 * ss + 1e-6)
                    out = (out - m) / s * ss + sm
            env[name] = out
        return env["logits"]


def _conv(ins, a):
    x, w = ins[0], ins[1]
    b = ins[2] if len(ins) > 2 else None
    p = a.get("pads", [0] * 2 * (w.dim() - 2))
    half = len(p) // 2
    if p[:half] != p[half:]:
        raise ValueError("asymmetric padding is not supported")
    fn = F.conv3d if w.dim() == 5 else F.conv2d
    return fn(x, w, b, stride=a.get("strides", 1), padding=p[:half], dilation=a.get("dilations", 1), groups=a.get("group", 1))


def _slice(ins, a):
    x, starts, ends = ins[0], ins[1].tolist(), ins[2].tolist()
    axes = ins[3].tolist() if len(ins) > 3 and ins[3] is not None else list(range(len(starts)))
    steps = ins[4].tolist() if len(ins) > 4 and ins[4] is not None else [1] * len(starts)
    idx = [slice(None)] * x.dim()
    for s, e, ax, st in zip(starts, ends, axes, steps):
        n = x.shape[ax]
        e = min(e, n) if e >= 0 else e + n
        s = s if s >= 0 else s + n
        idx[ax] = slice(s, e, st)
    return x[tuple(idx)]


def _maxpool(ins, a):
    k, st = a["kernel_shape"], a.get("strides", a["kernel_shape"])
    p = a.get("pads", [0] * 2 * len(k))
    fn = F.max_pool3d if len(k) == 3 else F.max_pool2d
    return fn(ins[0], k, st, padding=p[: len(k)], ceil_mode=bool(a.get("ceil_mode", 0)))


def _const_of_shape(ins, a):
    v = a.get("value")
    fill = float(numpy_helper.to_array(v).ravel()[0]) if v is not None else 0.0
    return torch.full(tuple(int(d) for d in ins[0].tolist()), fill)


def _gemm(ins, a):
    x, w = ins[0], ins[1]
    if a.get("transA", 0):
        x = x.t()
    if a.get("transB", 0):
        w = w.t()
    y = a.get("alpha", 1.0) * (x @ w)
    return y + a.get("beta", 1.0) * ins[2] if len(ins) > 2 else y


_OPS = {
    "Conv": _conv,
    "Relu": lambda i, a: torch.relu(i[0]),
    "Constant": lambda i, a: torch.from_numpy(numpy_helper.to_array(a["value"]).copy()),
    "Add": lambda i, a: i[0] + i[1],
    "Sub": lambda i, a: i[0] - i[1],
    "Mul": lambda i, a: i[0] * i[1],
    "Slice": _slice,
    "Concat": lambda i, a: torch.cat(i, dim=a["axis"]),
    "Flatten": lambda i, a: i[0].reshape(int(np.prod(i[0].shape[: a.get("axis", 1)])), -1),
    "Shape": lambda i, a: torch.tensor(list(i[0].shape), dtype=torch.int64),
    "ConstantOfShape": _const_of_shape,
    "MaxPool": _maxpool,
    "GlobalAveragePool": lambda i, a: i[0].mean(dim=tuple(range(2, i[0].dim())), keepdim=True),
    "Gemm": _gemm,
    "ReduceMean": lambda i, a: i[0].mean(dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1))),
}


def clip_batch(runner: OnnxRunner, path: Path, folder_fps: float) -> torch.Tensor:
    """Every window of one clip, preprocessed as the contract says: [N, 3, T, H, W]."""
    h, w = int(runner.meta["jesture.frame_height"]), int(runner.meta["jesture.frame_width"])
    t, fps = int(runner.meta["jesture.clip_length"]), float(runner.meta["jesture.fps"])
    if path.is_dir():
        frames, times = read_folder(path, h, w, folder_fps)
    else:
        frames, times = read_video(path, h, w)
    wins = window_indices(times, t, fps)
    batch = torch.from_numpy(np.stack([frames[ix] for ix in wins]))
    return prepare_batch(batch, json.loads(runner.meta["jesture.mean"]), json.loads(runner.meta["jesture.std"]))


def rendered_clips(root: Path, per_class: int, split: str = "validation") -> List[tuple]:
    """The first ``per_class`` clips of each class of a Jester-layout export's split, as ``clips_of`` lists clips."""
    return [(path.name, path, [label], "rendered") for path, label, _ in jester_clips(root, split, per_class)]


def source_stats(args) -> int:
    runner = OnnxRunner(args.model)
    collect: Dict[str, List[np.ndarray]] = {}
    clips = rendered_clips(args.jester, args.per_class, args.split)
    for n, (_, path, _, _) in enumerate(clips):
        runner.run(clip_batch(runner, path, 12.0), collect=collect, unit=args.unit)
        if (n + 1) % 50 == 0:
            print(f"{n + 1}/{len(clips)} clips", flush=True)
    out = {}
    for name, per_clip in collect.items():
        arr = np.stack(per_clip)                       # [clips, 2, C]
        out[name + ":mean"] = arr[:, 0].mean(0)
        out[name + ":std"] = np.sqrt((arr[:, 1] ** 2).mean(0))   # the clips' variances averaged
    out["unit"] = np.array(args.unit)
    np.savez(args.out, **out)
    print(f"{args.out}: statistics of {len(runner.convs)} convolutions over {len(clips)} rendered clips")
    return 0


def score(args) -> int:
    runner = OnnxRunner(args.model)
    stats = dict(np.load(args.stats)) if args.stats else None
    if any(args.layers) and stats is None:
        raise ValueError("--layers above 0 needs --stats")
    if stats is not None and str(stats.get("unit", "clip")) != args.unit:
        raise ValueError(f"{args.stats} holds per-{stats.get('unit')} statistics: score with --unit {stats.get('unit')}")
    labels = runner.labels()
    rows: Dict[int, list] = {k: [] for k in args.layers}
    tallies: Dict[int, Dict[str, Dict[str, int]]] = {k: {} for k in args.layers}
    for source in args.sources:
        clips = rendered_clips(source, args.per_class) if args.per_class else clips_of(source)
        for k in args.layers:
            tallies[k][str(source)] = {"clips": 0, "right": 0, "quiet_clips": 0, "called_gesture": 0}
        for name, path, accept, group in clips:
            batch = clip_batch(runner, path, args.folder_fps)     # decoded once for every K
            for k in args.layers:
                pr = torch.softmax(runner.run(batch, k, stats, unit=args.unit), 1).mean(0).numpy()
                top = labels[int(pr.argmax())]
                rows[k].append({"set": str(source), "clip": name, "accept": "|".join(accept), "group": group,
                                "windows": top, "windows_p": round(float(pr.max()), 3)})
                count(tallies[k][str(source)], accept, top)
        for k in args.layers:
            t = tallies[k][str(source)]
            print(f"K={k} {source}: right {t['right']}/{t['clips']}, '-' called a gesture "
                  f"{t['called_gesture']}/{t['quiet_clips']}", flush=True)
    if args.out:
        for k in args.layers:
            d = args.out / f"k{k}" if len(args.layers) > 1 else args.out
            d.mkdir(parents=True, exist_ok=True)
            keys = list(rows[k][0].keys())
            with open(d / "predictions.csv", "w") as f:
                f.write(";".join(keys) + "\n")
                for r in rows[k]:
                    f.write(";".join(str(r[c]) for c in keys) + "\n")
            summary = {"model": str(args.model), "layers": k, "unit": args.unit,
                       "sets": {src: {"windows": t} for src, t in tallies[k].items()}}
            (d / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("source-stats", help="per-channel statistics of every convolution on rendered clips")
    s.add_argument("--model", type=Path, required=True)
    s.add_argument("--jester", type=Path, required=True, help="a Jester-layout export of the rendered world")
    s.add_argument("--per-class", type=int, default=10)
    s.add_argument("--unit", choices=("clip", "window"), default="clip",
                   help="statistics per clip (all its windows) or per window")
    s.add_argument("--split", default="train", help="train (default), so that scoring the validation split stays apart")
    s.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("score", help="classify clips with the first K convolutions aligned per clip")
    c.add_argument("--model", type=Path, required=True)
    c.add_argument("--stats", type=Path, help="written by source-stats for this model")
    c.add_argument("--layers", type=lambda v: [int(x) for x in v.split(",")], default=[0],
                   help="how many convolutions, from the input, to align (0: none); several values, "
                        "comma-separated, score each clip once per value, and --out gets a folder kK per value")
    c.add_argument("--per-class", type=int, default=0,
                   help="read SOURCE as a rendered export and score the first N validation clips per class")
    c.add_argument("--unit", choices=("clip", "window"), default="clip",
                   help="align over all of a clip's windows (clip) or each window alone (window)")
    c.add_argument("--folder-fps", type=float, default=12.0)
    c.add_argument("--threads", type=int, default=2)
    c.add_argument("--out", type=Path)
    c.add_argument("sources", type=Path, nargs="+")
    args = p.parse_args(argv)
    torch.set_num_threads(getattr(args, "threads", 2))
    try:
        return source_stats(args) if args.cmd == "source-stats" else score(args)
    except (OSError, ValueError) as e:
        print(f"adabn: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
