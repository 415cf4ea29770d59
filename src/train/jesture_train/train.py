"""Train a jesture 3D-CNN on a Jester-layout dataset (our synthetic export or real 20BN-Jester).

    PYTHONPATH=src/train python3 -m jesture_train.train --data DATASET --out runs/r2p1d

Adam with AMSGrad, linear warm-up then cosine (or step) learning rate, label smoothing,
batch-wise on-device augmentation (never a horizontal flip), bf16 autocast on CUDA. Writes
OUT/last.pt every epoch, OUT/best.pt at the best validation top-1, OUT/history.json,
OUT/curves.png, and at the end evaluates best.pt into OUT/eval/.
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import torch
from torch import nn

from . import contract
from .augment import AugmentConfig, prepare_batch
from .checkpoint import load_checkpoint, save_checkpoint, save_portable
from .data import SOURCE_FPS, ClipDataset, DatasetError, FrameCache, make_loader, read_labels
from .evaluate import evaluate_checkpoint, predict
from .runtime import autocast, resolve_device, set_threads
from .flops import model_cost, parse_size
from .models import ARCHES, ModelConfig, build_model
from .plots import plot_curves


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python3 -m jesture_train.train",
        description="Train a 3D-CNN gesture classifier on a Jester-layout dataset. Options may also "
                    "come from --config FILE.json (keys as the long option names, with - or _); "
                    "options given on the command line win.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--config", type=Path, help="JSON file of option values")
    p.add_argument("--data", type=Path, help="Jester-layout dataset root (required)")
    p.add_argument("--out", type=Path, help="run folder for checkpoints, history, plots (required)")
    g = p.add_argument_group("model")
    g.add_argument("--arch", choices=ARCHES, default="r2plus1d")
    g.add_argument("--width", type=float, default=1.0, help="width multiplier (channels and fc)")
    g.add_argument("--clip-len", type=int, default=16, help="frames per clip, T")
    g.add_argument("--size", default="96x128", help="model frame size HxW")
    # 16 frames at 6 fps span 2.7 s: a whole Jester-length gesture (onsets vary from 0.15 to 0.9 s in
    # our synthetic clips), as in Efficient-3DCNNs' Jester setup (16 frames, temporal downsampling 2).
    g.add_argument("--fps", type=float, default=6.0,
                   help="frame rate the model sees (the contract's jesture.fps); source frames are taken "
                        "every source-fps/fps frames")
    g.add_argument("--source-fps", type=float, default=SOURCE_FPS, help="frame rate of the dataset's clips")
    g.add_argument("--dropout", type=float, default=0.3)
    g.add_argument("--no-motion", dest="motion", action="store_false",
                   help="RGB only, without the in-graph frame-difference input (C3D-BN's (Tran et al. 2015) plain C3D input)")
    g = p.add_argument_group("optimisation")
    g.add_argument("--epochs", type=int, default=30)
    g.add_argument("--batch-size", type=int, default=32)
    g.add_argument("--lr", type=float, default=2e-3, help="peak learning rate (Adam, AMSGrad)")
    g.add_argument("--weight-decay", type=float, default=5e-5)
    g.add_argument("--schedule", choices=["cosine", "step"], default="cosine")
    g.add_argument("--step-epochs", type=int, default=10, help="step schedule: divide LR by 10 every N epochs")
    g.add_argument("--warmup-epochs", type=float, default=1.0)
    g.add_argument("--label-smoothing", type=float, default=0.1)
    g.add_argument("--amp", choices=["auto", "on", "off"], default="auto",
                   help="bf16 autocast (CUDA only; auto = on when training on CUDA)")
    g = p.add_argument_group("data and augmentation")
    g.add_argument("--no-augment", action="store_true", help="no spatial/colour augmentation")
    g.add_argument("--rotate", type=float, default=10.0, help="max rotation, degrees (Jester 3D-CNN tutorial: 10)")
    g.add_argument("--translate", type=float, default=0.15, help="max translation, fraction (Jester 3D-CNN tutorial: 0.15)")
    g.add_argument("--scale", type=float, default=0.1, help="max zoom change, fraction")
    g.add_argument("--blur", type=float, default=0.0, help="max gaussian blur sigma, pixels of the network input (0 = off)")
    g.add_argument("--speed-jitter", type=float, default=0.15, help="temporal stride scaled by U(1-s,1+s)")
    g.add_argument("--limit-train", type=int, help="use only the first N training clips")
    g.add_argument("--limit-val", type=int, help="use only the first N validation clips")
    g.add_argument("--cache-dir", type=Path, help="decoded-frame cache (default: DATA/.jesture-cache)")
    g = p.add_argument_group("run")
    g.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    g.add_argument("--workers", type=int, default=0, help="loader and JPEG-decoder processes (0 = in-process)")
    g.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = all cores available)")
    g.add_argument("--max-minutes", type=float, default=0.0,
                   help="time budget: the cosine LR decays over whichever comes first, --epochs or this many "
                        "minutes, and training stops cleanly (checkpoint, evaluate) when it is spent; 0 = none")
    g.add_argument("--resume", nargs="?", const="auto", default=None,
                   help="resume from a checkpoint (default OUT/last.pt)")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--max-steps", type=int, default=0, help="stop after N optimiser steps (smoke tests); 0 = off")
    g.add_argument("--eval-only", action="store_true",
                   help="only evaluate OUT/best.pt (or the --resume checkpoint) into OUT/eval, as the Jester 3D-CNN tutorial's --eval_only")
    g.add_argument("--log-seconds", type=float, default=60.0, help="progress line interval within an epoch")
    g.add_argument("--no-final-eval", action="store_true", help="skip evaluating best.pt at the end")
    return p


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = build_parser()
    first, _ = p.parse_known_args(argv)
    if first.config:
        if not first.config.is_file():
            p.error(f"--config {first.config} does not exist")
        try:
            values = json.loads(first.config.read_text())
        except json.JSONDecodeError as e:
            p.error(f"--config {first.config} is not valid JSON: {e}")
        known = {a.dest for a in p._actions}
        defaults: Dict[str, Any] = {}
        for k, v in values.items():
            dest = k.replace("-", "_")
            if dest not in known:
                p.error(f"--config {first.config}: unknown option '{k}'")
            defaults[dest] = Path(v) if dest in ("data", "out", "cache_dir") and v is not None else v
        p.set_defaults(**defaults)
    a = p.parse_args(argv)
    if a.data is None or a.out is None:
        p.error("--data and --out are required (on the command line or in --config)")
    return a


def lr_at(step: int, progress: float, warmup: int, args: argparse.Namespace, steps_per_epoch: int) -> float:
    """Learning rate at optimiser step ``step``; ``progress`` in [0, 1] drives the cosine."""
    if warmup > 0 and step < warmup:
        return args.lr * (step + 1) / warmup
    if args.schedule == "step":
        return args.lr * (0.1 ** ((step // steps_per_epoch) // max(1, args.step_epochs)))
    return args.lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def train(args: argparse.Namespace, log=print) -> Dict[str, Any]:
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    threads = set_threads(args.threads)
    device = resolve_device(args.device)
    use_amp = args.amp == "on" or (args.amp == "auto" and device.type == "cuda")
    if use_amp and device.type != "cuda":
        raise ValueError("--amp on needs CUDA; use --amp off on CPU")
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    h, w = parse_size(args.size)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    labels = read_labels(args.data)
    cfg = ModelConfig(arch=args.arch, num_classes=len(labels), width=args.width, clip_len=args.clip_len,
                      height=h, width_px=w, dropout=args.dropout, motion=args.motion)
    if args.fps <= 0 or args.source_fps <= 0:
        raise ValueError("--fps and --source-fps must be positive")
    stride = args.source_fps / args.fps

    t_cache = time.time()
    train_cache = FrameCache.build_or_open(args.data, "train", labels, h, w, args.cache_dir, args.workers,
                                           args.limit_train, log)
    val_cache = FrameCache.build_or_open(args.data, "validation", labels, h, w, args.cache_dir, args.workers,
                                         args.limit_val, log)
    log(f"data: {len(train_cache)} train / {len(val_cache)} validation clips, {len(labels)} classes, "
        f"cache ready in {time.time() - t_cache:.0f}s")
    aug = None if args.no_augment else AugmentConfig(rotate_deg=args.rotate, translate=args.translate,
                                                      scale=args.scale, blur=args.blur)
    train_ds = ClipDataset(train_cache, cfg.clip_len, stride, train=True, speed_jitter=args.speed_jitter,
                           seed=args.seed)
    val_ds = ClipDataset(val_cache, cfg.clip_len, stride, train=False)
    train_loader = make_loader(train_ds, args.batch_size, shuffle=True, workers=args.workers,
                               seed=args.seed, drop_last=len(train_ds) > args.batch_size)
    val_loader = make_loader(val_ds, args.batch_size * 2, shuffle=False, workers=args.workers)

    model = build_model(cfg).to(device)
    if device.type == "cuda":
        model = model.to(memory_format=torch.channels_last_3d)
    cost = model_cost(build_model(cfg), cfg)
    log(f"model: {cfg.name()} input {list(cfg.input_shape(1))}, {cost['mflops']:.1f} MFLOPs/clip "
        f"(1 MAC = 1 FLOP), {int(cost['params'])} params; device {device}, amp {use_amp}, "
        f"{threads} CPU threads")
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay, amsgrad=True)
    criterion = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    steps_per_epoch = len(train_loader)
    total_steps = args.epochs * steps_per_epoch
    warmup = int(args.warmup_epochs * steps_per_epoch)

    meta: Dict[str, Any] = {
        "labels": labels, "fps": args.fps, "source_fps": args.source_fps,
        "mean": contract.DEFAULT_MEAN, "std": contract.DEFAULT_STD,
        "dataset": describe_dataset(args.data, len(train_cache), len(val_cache)),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "augment": aug.to_dict() if aug else None,
        "torch": torch.__version__, "python": platform.python_version(),
    }
    history: List[Dict[str, Any]] = []
    start_epoch, step, best_acc, elapsed_before = 0, 0, -1.0, 0.0
    if args.resume:
        path = out / "last.pt" if args.resume == "auto" else Path(args.resume)
        state = load_checkpoint(path, str(device))
        if ModelConfig.from_dict(state["model_config"]) != cfg:
            raise ValueError(f"--resume {path}: its model config {state['model_config']} differs from this "
                             f"run's {cfg.to_dict()}; pass the same --arch/--width/--clip-len/--size")
        model.load_state_dict(state["model_state"])
        if "optimizer_state" in state:
            optimizer.load_state_dict(state["optimizer_state"])
        prev = state["meta"]
        history = prev.get("history", [])
        start_epoch = prev.get("next_epoch", 0)
        step = prev.get("step", 0)
        best_acc = prev.get("best_acc", -1.0)
        elapsed_before = prev.get("train_seconds", 0.0)  # the time budget covers the whole run
        log(f"resumed from {path}: epoch {start_epoch}, step {step}, best val top-1 {best_acc:.4f}")

    gen = torch.Generator().manual_seed(args.seed * 1000 + start_epoch)
    t_start = time.time()
    budget = args.max_minutes * 60 if args.max_minutes > 0 else math.inf
    stopped = ""
    for epoch in range(start_epoch, args.epochs):
        train_ds.set_epoch(epoch)
        model.train()
        t_epoch = time.time()
        seen, loss_sum, correct = 0, 0.0, 0
        t_log = time.time()
        epoch_complete = True
        for clips, targets in train_loader:
            # With a time budget the cosine runs on whichever is further along, steps or time, so
            # a run cut by --max-minutes still ends with a fully decayed learning rate.
            progress = (step - warmup) / max(1, total_steps - warmup)
            if budget < math.inf:
                progress = max(progress, (time.time() - t_start + elapsed_before) / budget)
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step, progress, warmup, args, steps_per_epoch)
            clips = clips.to(device, non_blocking=True)
            targets = targets.to(device, non_blocking=True)
            x = prepare_batch(clips, meta["mean"], meta["std"], aug, gen)
            if device.type == "cuda":
                x = x.contiguous(memory_format=torch.channels_last_3d)
            with autocast(device, use_amp):
                logits = model(x)
                loss = criterion(logits.float(), targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            n = targets.numel()
            seen += n
            loss_sum += float(loss.detach()) * n
            correct += int((logits.detach().argmax(1) == targets).sum())
            if time.time() - t_log > args.log_seconds:
                t_log = time.time()
                log(f"  epoch {epoch + 1} step {step - epoch * steps_per_epoch}/{steps_per_epoch}: "
                    f"loss {loss_sum / seen:.3f} acc {correct / seen:.3f}, "
                    f"{seen / (time.time() - t_epoch):.1f} clips/s")
            if time.time() - t_start + elapsed_before > budget:
                stopped, epoch_complete = f"time budget of {args.max_minutes:g} min reached", False
                break
            if args.max_steps and step >= args.max_steps:
                stopped, epoch_complete = f"--max-steps {args.max_steps} reached", False
                break
        train_time = time.time() - t_epoch
        res = predict(model, val_loader, device, meta["mean"], meta["std"], use_amp)
        val_logits = torch.from_numpy(res["logits"])
        val_targets = torch.from_numpy(res["targets"]).long()
        val_loss = float(nn.functional.cross_entropy(val_logits, val_targets))
        val_acc = float((val_logits.argmax(1) == val_targets).float().mean())
        rec = {"epoch": epoch, "complete": epoch_complete, "step": step,
               "lr": optimizer.param_groups[0]["lr"],
               "train_loss": loss_sum / max(seen, 1), "train_acc": correct / max(seen, 1),
               "val_loss": val_loss, "val_acc": val_acc, "train_clips": seen,
               "train_seconds": train_time, "clips_per_second": seen / max(train_time, 1e-9),
               "epoch_seconds": time.time() - t_epoch}
        history.append(rec)
        log(f"epoch {epoch + 1}/{args.epochs}: train loss {rec['train_loss']:.3f} acc {rec['train_acc']:.3f} | "
            f"val loss {val_loss:.3f} acc {val_acc:.3f} | {rec['clips_per_second']:.1f} clips/s, "
            f"{rec['epoch_seconds']:.0f}s")
        improved = val_acc > best_acc
        best_acc = max(best_acc, val_acc)
        meta.update({"history": history, "next_epoch": epoch + 1 if epoch_complete else epoch, "step": step,
                     "best_acc": best_acc, "epoch": epoch, "val_acc": val_acc,
                     "train_seconds": time.time() - t_start + elapsed_before})
        save_checkpoint(out / "last.pt", model, cfg, meta, optimizer)
        if improved:
            save_checkpoint(out / "best.pt", model, cfg, meta)
            save_portable(out / "best.npz", model, cfg, meta)
        (out / "history.json").write_text(json.dumps(history, indent=1) + "\n")
        plot_curves(history, out / "curves.png", title=f"{cfg.name()} on {args.data.name}")
        if stopped:
            log(f"stopping: {stopped}")
            break
    summary: Dict[str, Any] = {"best_val_acc": best_acc, "epochs_run": len(history),
                               "train_minutes": (time.time() - t_start + elapsed_before) / 60, "stopped": stopped or None,
                               "mflops": cost["mflops"], "params": int(cost["params"]), "arch": cfg.name()}
    if not args.no_final_eval and (out / "best.pt").is_file():
        rep = evaluate_checkpoint(out / "best.pt", args.data, out / "eval", "validation",
                                  batch_size=args.batch_size * 2, workers=args.workers, device=str(device),
                                  cache_dir=args.cache_dir, limit=args.limit_val, log=log)
        summary["eval_top1"] = rep["top1"]
        log(f"evaluation of best.pt: top-1 {100 * rep['top1']:.2f}% on {rep['clips']} clips -> {out / 'eval'}")
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary


def describe_dataset(root: Path, n_train: int, n_val: int) -> str:
    """What jesture.dataset says: the folder name, clip counts, and the synth manifest if present."""
    text = f"{Path(root).resolve().name}: {n_train} train / {n_val} validation clips"
    manifest = Path(root) / "jesture-synth.properties"  # written by `jesture synth`
    if manifest.is_file():
        try:
            props = dict(line.split("=", 1) for line in manifest.read_text(encoding="utf-8").splitlines()
                         if "=" in line)
            text = "jesture synth " + " ".join(f"{k}={v}" for k, v in props.items()) + "; " + text
        except (OSError, ValueError):
            pass
    return text


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        if args.eval_only:
            ckpt = args.out / "best.pt" if args.resume in (None, "auto") else Path(args.resume)
            set_threads(args.threads)
            rep = evaluate_checkpoint(ckpt, args.data, args.out / "eval", "validation", args.batch_size * 2,
                                      args.workers, args.device, args.cache_dir, args.limit_val)
            print(f"top-1 {100 * rep['top1']:.2f}% on {rep['clips']} clips -> {args.out / 'eval'}")
            return 0
        summary = train(args, log=lambda m: print(m, flush=True))
    except (DatasetError, ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
