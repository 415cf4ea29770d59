"""Evaluate a checkpoint on a Jester-layout split: top-1/top-5, per-class accuracy, confusion matrix.

    python3 -m jesture_train.evaluate --checkpoint RUN/best.pt --data DATASET --out RUN/eval
    python3 -m jesture_train.evaluate --checkpoint A/best.pt B/best.pt C/best.pt --data DATASET --out ENS

Writes report.json, report.md and confusion.png. Clips are sampled at their centre, without
augmentation, exactly as the exported model will see a centred gesture. Several checkpoints are
scored as an ensemble: their softmax probabilities averaged per clip, as the Java runtime averages
the models given to `--model`.
"""
from __future__ import annotations

if __name__ == "__main__":
    # Restart under malloc's huge pages first, before torch is imported only to be thrown away.
    from jesture_train.hugepages import reexec_with_hugepages
    reexec_with_hugepages()

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import nn

from .augment import prepare_batch
from .contract import DEFAULT_MEAN, DEFAULT_STD
from .checkpoint import model_from_checkpoint
from .data import ClipDataset, DatasetError, FrameCache, make_loader, read_labels
from .flops import model_cost
from .models import ModelConfig
from .plots import plot_confusion
from .runtime import autocast, resolve_device, set_threads


@torch.no_grad()
def predict(model: nn.Module, loader: torch.utils.data.DataLoader, device: torch.device,
            mean: Sequence[float], std: Sequence[float], amp: bool = False) -> Dict[str, np.ndarray]:
    """Logits and targets over a loader (no augmentation)."""
    model.eval()
    all_logits: List[torch.Tensor] = []
    all_targets: List[torch.Tensor] = []
    for clips, targets in loader:
        x = prepare_batch(clips.to(device, non_blocking=True), mean, std)
        if device.type == "cuda":
            x = x.contiguous(memory_format=torch.channels_last_3d)
        with autocast(device, amp):
            logits = model(x)
        all_logits.append(logits.float().cpu())
        all_targets.append(targets)
    return {"logits": torch.cat(all_logits).numpy(), "targets": torch.cat(all_targets).numpy()}


def build_report(logits: np.ndarray, targets: np.ndarray, labels: Sequence[str]) -> Dict[str, Any]:
    k = len(labels)
    pred = logits.argmax(1)
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (targets, pred), 1)
    top5 = (np.argsort(-logits, 1)[:, :5] == targets[:, None]).any(1).mean()
    per_class = []
    for i, name in enumerate(labels):
        n = int(confusion[i].sum())
        wrong = confusion[i].copy()
        wrong[i] = 0
        worst = int(wrong.argmax())
        per_class.append({"index": i, "label": name, "clips": n,
                          "accuracy": float(confusion[i, i] / n) if n else None,
                          "most_confused_with": labels[worst] if wrong[worst] else None,
                          "confused_count": int(wrong[worst])})
    accs = [c["accuracy"] for c in per_class if c["accuracy"] is not None]
    return {"clips": int(len(targets)), "top1": float((pred == targets).mean()), "top5": float(top5),
            "mean_class_accuracy": float(np.mean(accs)) if accs else None,
            "per_class": per_class, "confusion": confusion.tolist(), "labels": list(labels)}


def write_report(report: Dict[str, Any], out_dir: Path, title: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    lines = [f"# {title}", "",
             f"- split: {report.get('split')} of `{report.get('dataset')}`, {report['clips']} clips, "
             f"centre-sampled, no augmentation",
             f"- top-1 **{100 * report['top1']:.2f}%**, top-5 {100 * report['top5']:.2f}%, "
             f"mean per-class {100 * (report['mean_class_accuracy'] or 0):.2f}%"]
    if "model" in report:
        m = report["model"]
        lines.append(f"- model: {m['arch']}, input {m['input']}, {m['mflops']:.1f} MFLOPs (1 MAC = 1 FLOP), "
                     f"{m['params']} parameters")
    lines += ["", "| # | class | clips | accuracy | most confused with |", "|---|---|---|---|---|"]
    for c in report["per_class"]:
        acc = "n/a" if c["accuracy"] is None else f"{100 * c['accuracy']:.1f}%"
        conf = f"{c['most_confused_with']} ({c['confused_count']})" if c["most_confused_with"] else "-"
        lines.append(f"| {c['index']} | {c['label']} | {c['clips']} | {acc} | {conf} |")
    (out_dir / "report.md").write_text("\n".join(lines) + "\n")
    plot_confusion(np.asarray(report["confusion"]), report["labels"], out_dir / "confusion.png",
                   title=f"{title}: top-1 {100 * report['top1']:.1f}% ({report['clips']} clips)")


def _predict_checkpoint(checkpoint: Path, data: Path, labels: Sequence[str], split: str, batch_size: int,
                        workers: int, dev: torch.device, cache_dir: Optional[Path], limit: Optional[int],
                        log) -> Tuple[nn.Module, ModelConfig, Dict[str, np.ndarray]]:
    """One checkpoint's logits on a split, each clip sampled as its own contract says (clip length,
    size, fps, normalisation); shared by a single evaluation and every member of an ensemble."""
    model, cfg, state = model_from_checkpoint(checkpoint, str(dev))
    meta = state.get("meta", {})
    if meta.get("labels") and meta["labels"] != labels:
        raise DatasetError(f"{data} lists labels in a different order than {checkpoint} was trained "
                           f"with; evaluate on a dataset with the same jester-v1-labels.csv")
    if dev.type == "cuda":
        model = model.to(memory_format=torch.channels_last_3d)
    cache = FrameCache.build_or_open(data, split, labels, cfg.height, cfg.width_px, cache_dir,
                                     workers=workers, limit=limit, log=log)
    stride = meta.get("source_fps", 12.0) / meta.get("fps", 12.0)
    loader = make_loader(ClipDataset(cache, cfg.clip_len, stride, train=False), batch_size,
                         shuffle=False, workers=workers)
    out = predict(model, loader, dev, meta.get("mean", DEFAULT_MEAN), meta.get("std", DEFAULT_STD))
    return model, cfg, out


def _model_summary(model: nn.Module, cfg: ModelConfig) -> Dict[str, Any]:
    """What a report says of a network: its name, input shape, MFLOPs and parameters."""
    cost = model_cost(model.float().cpu(), cfg)
    return {"arch": cfg.name(), "input": list(cfg.input_shape(1)), "mflops": cost["mflops"],
            "params": int(cost["params"])}


def evaluate_checkpoint(checkpoint: Path, data: Path, out_dir: Path, split: str = "validation",
                        batch_size: int = 32, workers: int = 0, device: str = "auto",
                        cache_dir: Optional[Path] = None, limit: Optional[int] = None,
                        log=print) -> Dict[str, Any]:
    dev = resolve_device(device)
    labels = read_labels(data)
    t0 = time.time()
    model, cfg, out = _predict_checkpoint(checkpoint, data, labels, split, batch_size, workers, dev,
                                          cache_dir, limit, log)
    report = build_report(out["logits"], out["targets"], labels)
    report.update({"split": split, "dataset": str(data), "checkpoint": str(checkpoint),
                   "model": _model_summary(model, cfg), "seconds": time.time() - t0})
    write_report(report, Path(out_dir), f"{cfg.name()} on {Path(data).name}/{split}")
    return report


def average_probabilities(member_logits: Sequence[np.ndarray]) -> np.ndarray:
    """The members' softmax probabilities averaged, per clip: [N, K] from a list of [N, K] logits.

    Probabilities, not logits, are averaged: that is what the Java runtime does for an ensemble, and a
    member that is sure is not outvoted by the scale of another's logits."""
    if not member_logits:
        raise ValueError("an ensemble needs at least one member")
    probs = [torch.softmax(torch.from_numpy(np.asarray(l, dtype=np.float32)), 1).numpy() for l in member_logits]
    shape = probs[0].shape
    if any(p.shape != shape for p in probs):
        raise ValueError(f"the members scored different clips or classes: {[p.shape for p in probs]}")
    return np.mean(probs, axis=0)


def evaluate_ensemble(checkpoints: Sequence[Path], data: Path, out_dir: Path, split: str = "validation",
                      batch_size: int = 32, workers: int = 0, device: str = "auto",
                      cache_dir: Optional[Path] = None, limit: Optional[int] = None,
                      log=print) -> Dict[str, Any]:
    """Each member scores the split on its own input (its clip length, size and fps); the report is
    of their averaged probabilities. The members' own reports are not written."""
    dev = resolve_device(device)
    labels = read_labels(data)
    member_logits: List[np.ndarray] = []
    targets: Optional[np.ndarray] = None
    members: List[Dict[str, Any]] = []
    t0 = time.time()
    for checkpoint in checkpoints:
        model, cfg, out = _predict_checkpoint(checkpoint, data, labels, split, batch_size, workers, dev,
                                              cache_dir, limit, log)
        if targets is not None and not np.array_equal(targets, out["targets"]):
            raise ValueError(f"{checkpoint} scored the clips of {data} in another order than the first member")
        targets = out["targets"]
        member_logits.append(out["logits"])
        top1 = float((out["logits"].argmax(1) == targets).mean())
        members.append({"checkpoint": str(checkpoint), **_model_summary(model, cfg), "top1": top1})
        log(f"member {checkpoint}: top-1 {100 * top1:.2f}%")
    probs = average_probabilities(member_logits)
    # log of the averaged probabilities: argmax and top-5 are those of the average itself
    report = build_report(np.log(np.clip(probs, 1e-12, None)), targets, labels)
    report.update({"split": split, "dataset": str(data), "checkpoints": [str(c) for c in checkpoints],
                   "members": members,
                   "model": {"arch": f"ensemble of {len(members)} ({', '.join(m['arch'] for m in members)})",
                             "input": members[0]["input"], "mflops": sum(m["mflops"] for m in members),
                             "params": sum(m["params"] for m in members)},
                   "seconds": time.time() - t0})
    write_report(report, Path(out_dir), f"ensemble of {len(members)} on {Path(data).name}/{split}")
    return report


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(
        prog="python3 -m jesture_train.evaluate",
        description="Evaluate a checkpoint on a Jester-layout split; writes report.json, report.md "
                    "(per-class accuracy) and confusion.png.")
    p.add_argument("--checkpoint", type=Path, nargs="+", required=True,
                   help="checkpoint .pt (e.g. RUN/best.pt); several are scored as an ensemble (needs --out)")
    p.add_argument("--data", type=Path, required=True, help="Jester-layout dataset root")
    p.add_argument("--out", type=Path, help="output folder (default: CHECKPOINT_DIR/eval)")
    p.add_argument("--split", default="validation", choices=["validation", "train"])
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--workers", type=int, default=0, help="loader/decoder processes (0 = in-process)")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--cache-dir", type=Path, help="decoded-frame cache (default: DATA/.jesture-cache)")
    p.add_argument("--limit", type=int, help="evaluate only the first N clips")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = all cores available)")
    a = p.parse_args(argv)
    set_threads(a.threads)
    if len(a.checkpoint) > 1 and a.out is None:
        # a default beside one member would overwrite that member's own report
        print("error: an ensemble of several --checkpoint files needs --out DIR for its report", file=sys.stderr)
        return 2
    try:
        if len(a.checkpoint) == 1:
            out = a.out or a.checkpoint[0].parent / "eval"
            rep = evaluate_checkpoint(a.checkpoint[0], a.data, out, a.split, a.batch_size, a.workers,
                                      a.device, a.cache_dir, a.limit)
        else:
            out = a.out
            rep = evaluate_ensemble(a.checkpoint, a.data, out, a.split, a.batch_size, a.workers, a.device,
                                    a.cache_dir, a.limit)
    except (DatasetError, ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"top-1 {100 * rep['top1']:.2f}% top-5 {100 * rep['top5']:.2f}% on {rep['clips']} clips; "
          f"report in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
