"""Train a jesture 3D-CNN on a Jester-layout dataset (our synthetic export or real 20BN-Jester).

    PYTHONPATH=src/train python3 -m jesture_train.train --data DATASET --out runs/r2p1d
    PYTHONPATH=src/train torchrun --nproc-per-node 8 -m jesture_train.train --data DATASET --out runs/r2p1d

Adam with AMSGrad, linear warm-up then cosine (or step) learning rate, label smoothing,
batch-wise on-device augmentation (never a horizontal flip), bf16 autocast on CUDA. Writes
OUT/last.pt every epoch, OUT/best.pt at the best validation top-1, OUT/history.json,
OUT/curves.png, and at the end evaluates best.pt into OUT/eval/. With ``--swa-start F`` it also
averages the weights of every step from a fraction F of the run on (:mod:`jesture_train.swa`) and
writes the average, with batch-norm statistics measured for it, as OUT/swa.pt.

Under ``torchrun`` (:mod:`jesture_train.distributed`) ``--batch-size`` is the global batch: each of
the WORLD_SIZE processes takes its share through a DistributedSampler, DistributedDataParallel
averages the gradients, and rank 0 alone validates and writes the checkpoints. BatchNorm statistics
are per process (each process normalises its own share of the batch) unless ``--sync-bn`` (CUDA);
``--accum-steps K`` gives one process the same semantics, so one machine reproduces a run of K
processes step for step.
"""
from __future__ import annotations

if __name__ == "__main__":
    # Restart under malloc's huge pages first, before torch is imported only to be thrown away.
    from jesture_train.hugepages import reexec_with_hugepages
    reexec_with_hugepages()

import argparse
import contextlib
import json
import math
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import nn

from . import contract, distributed, hugepages
from .augment import AugmentConfig, prepare_batch
from .aux_landmarks import FeatureTap, LandmarkClipDataset, LandmarkHead, LandmarkTable, landmark_loss, \
    warp_points, window_targets
from .checkpoint import atomic_write, load_checkpoint, save_checkpoint, save_portable
from .data import SOURCE_FPS, ClipDataset, DatasetError, FrameCache, frame_size, make_loader, read_labels, \
    read_manifest
from .distributed import Terminated, World
from .evaluate import evaluate_checkpoint, predict
from .runtime import autocast, set_threads
from .swa import WeightAverage, recompute_batchnorm, training_batches
from .flops import model_cost, parse_depths, parse_size
from .inflate import inflate_from_checkpoint
from .models import ARCHES, HEADS, TEMPORAL_PADS, ModelConfig, build_model
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
    g.add_argument("--arch", default="r2plus1d", metavar="{" + ",".join(ARCHES) + "}",
                   help="r2plus1d: the default (2+1)D network; r2plus1d-ttl: with T3D's Temporal Transition "
                        "Layers (Diba et al. 2017); r2plus1d-2d: its 2D twin on single frames (as --pretrain-2d); "
                        "c3d: C3D-BN (Tran et al. 2015)")
    g.add_argument("--head", default="pool", metavar="{" + ",".join(HEADS) + "}",
                   help="r2plus1d networks: global average pooling + linear, or a Perceiver-style attention "
                        "head (learned-query cross-attention, then self-attention) + linear")
    g.add_argument("--attn-latents", type=int, default=8, help="attention head: learned queries")
    g.add_argument("--attn-layers", type=int, default=1, help="attention head: self-attention layers")
    g.add_argument("--ttl-depths", default="1,3,5", help="r2plus1d-ttl: temporal kernel depths of each TTL (odd)")
    g.add_argument("--temporal-pad", default="zeros", metavar="{" + ",".join(TEMPORAL_PADS) + "}",
                   help="padding of the r2plus1d temporal convs; replicate makes an inflated network start "
                        "exactly as its 2D source")
    g.add_argument("--pretrain-2d", action="store_true",
                   help="train the 2D twin of r2plus1d on single frames (one frame per clip, beside its "
                        "difference to the frame before unless --no-motion), the source of --init-2d")
    g.add_argument("--frame-pick", choices=("random", "motion"), default="random",
                   help="--pretrain-2d: the frame each clip gives, drawn uniformly or in proportion to how much "
                        "moves in it (above the clip's median change), which favours the stroke over the rest")
    g.add_argument("--init", type=Path, metavar="CHECKPOINT",
                   help="fine-tune: start from the weights of a checkpoint of the same network and labels "
                        "(RUN/best.pt), with a fresh optimiser and learning-rate schedule")
    g.add_argument("--init-2d", type=Path, metavar="CHECKPOINT",
                   help="start r2plus1d from a --pretrain-2d checkpoint by I3D inflation (each 2D kernel "
                        "repeated along time and divided by its depth)")
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
    g.add_argument("--no-appearance", dest="appearance", action="store_false",
                   help="frame differences only, without the frames: the network reads what moves, not what "
                        "a still hand, face or room looks like")
    g.add_argument("--input", choices=["rgb", "flow"], default="rgb",
                   help="flow: the network reads dense optical flow between its frames instead of the frames "
                        "(an experiment on the synthetic-to-real gap; needs python3-opencv; the runtime computes the same flow)")
    g = p.add_argument_group("optimisation")
    g.add_argument("--epochs", type=int, default=30)
    g.add_argument("--batch-size", type=int, default=32,
                   help="global batch: under torchrun it is split over the processes")
    g.add_argument("--accum-steps", type=int, default=1,
                   help="micro-batches per optimiser step and process (gradient accumulation; BatchNorm "
                        "normalises each micro-batch, as each process of a distributed run does)")
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
    g.add_argument("--brightness", type=float, default=0.3, help="brightness multiplied by U(1-b, 1+b)")
    g.add_argument("--contrast", type=float, default=0.3, help="contrast scaled by U(1-c, 1+c) about the clip's mean grey")
    g.add_argument("--saturation", type=float, default=0.4, help="saturation scaled by U(1-s, 1+s)")
    g.add_argument("--hue", type=float, default=0.0, help="max hue rotation about the grey axis, degrees (0 = off)")
    g.add_argument("--grayscale", type=float, default=0.0, help="share of clips made grey (0 = off)")
    g.add_argument("--randconv", type=float, default=0.0,
                   help="share of clips passed through a random convolution, texture scrambled (0 = off)")
    g.add_argument("--speed-jitter", type=float, default=0.15, help="temporal stride scaled by U(1-s,1+s)")
    g.add_argument("--limit-train", type=int, help="use only the first N training clips")
    g.add_argument("--limit-val", type=int, help="use only the first N validation clips")
    g.add_argument("--cache-dir", type=Path, help="decoded-frame cache (default: DATA/.jesture-cache)")
    g = p.add_argument_group("run")
    g.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                   help="under torchrun with CUDA each process takes cuda:LOCAL_RANK")
    g.add_argument("--dist-backend", choices=["auto", "nccl", "gloo"], default="auto",
                   help="torch.distributed backend under torchrun (auto: nccl on CUDA, gloo on CPU)")
    g.add_argument("--dist-timeout", type=float, default=30.0,
                   help="minutes a process waits for the others at a collective before giving up")
    g.add_argument("--sync-bn", action="store_true",
                   help="under torchrun on CUDA: BatchNorm statistics over the global batch (SyncBatchNorm)")
    g.add_argument("--workers", type=int, default=0, help="loader and JPEG-decoder processes (0 = in-process)")
    g.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = all cores available)")
    g.add_argument("--max-minutes", type=float, default=0.0,
                   help="time budget: the cosine LR decays over whichever comes first, --epochs or this many "
                        "minutes, and training stops cleanly (checkpoint, evaluate) when it is spent; 0 = none")
    g.add_argument("--resume", nargs="?", const="auto", default=None,
                   help="resume from a checkpoint (default OUT/last.pt)")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--swa-start", type=float, default=0.0,
                   help="average the weights of every step from this fraction of the run on (progress as the "
                        "cosine counts it, steps or time) into OUT/swa.pt; 0 = off")
    g.add_argument("--aux-landmarks", type=Path, metavar="PREFIX",
                   help="also train a head, thrown away afterwards, to say where the hand's 21 joints are, from "
                        "PREFIX.csv/.f32 written by bench/hand-landmarks/PoseTrack.java --every 1 for one export of "
                        "the data (jesture_train.aux_landmarks; docs/model-zoo.md)")
    g.add_argument("--aux-id-prefix", default="",
                   help="what jesture_train.join put before that export's clip ids in --data (e.g. b)")
    g.add_argument("--aux-weight", type=float, default=0.5,
                   help="weight of the joints' loss beside the classification loss")
    g.add_argument("--swa-bn-batches", type=int, default=200,
                   help="training batches on which the average's batch-norm statistics are measured")
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
    if not 0.0 <= a.swa_start < 1.0:
        p.error(f"--swa-start {a.swa_start} is a fraction of the run: give a value from 0 (off) to below 1")
    if a.swa_start > 0 and a.sync_bn:
        # Rank 0 measures the average's statistics alone; a synchronised batch norm would wait there
        # for the other processes.
        p.error("--swa-start cannot be used with --sync-bn: leave out --sync-bn, or the average")
    if a.swa_bn_batches < 1:
        p.error(f"--swa-bn-batches {a.swa_bn_batches}: give at least 1")
    for name in ("randconv", "grayscale"):
        if not 0.0 <= getattr(a, name) <= 1.0:
            p.error(f"--{name} {getattr(a, name)} is a share of clips: give a value from 0 to 1")
    return a


def lr_at(step: int, progress: float, warmup: int, args: argparse.Namespace, steps_per_epoch: int) -> float:
    """Learning rate at optimiser step ``step``; ``progress`` in [0, 1] drives the cosine."""
    if warmup > 0 and step < warmup:
        return args.lr * (step + 1) / warmup
    if args.schedule == "step":
        return args.lr * (0.1 ** ((step // steps_per_epoch) // max(1, args.step_epochs)))
    return args.lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def model_config(args: argparse.Namespace, num_classes: int) -> ModelConfig:
    """The network the options describe, validated (ValueError names the option)."""
    h, w = parse_size(args.size)
    arch = args.arch
    if args.pretrain_2d:
        if arch not in ("r2plus1d", "r2plus1d-2d"):
            raise ValueError(f"--pretrain-2d trains the 2D twin of --arch r2plus1d, not --arch {arch}")
        if args.init_2d:
            raise ValueError("--pretrain-2d and --init-2d exclude each other: pretrain first, then inflate")
        arch = "r2plus1d-2d"
    if args.frame_pick != "random" and arch != "r2plus1d-2d":
        raise ValueError("--frame-pick is for --pretrain-2d (the 2D twin learns from one frame per clip)")
    cfg = ModelConfig(arch=arch, num_classes=num_classes, width=args.width, clip_len=args.clip_len,
                      height=h, width_px=w, dropout=args.dropout, motion=args.motion, appearance=args.appearance, input=args.input, head=args.head,
                      attn_latents=args.attn_latents, attn_layers=args.attn_layers,
                      ttl_depths=parse_depths(args.ttl_depths), temporal_pad=args.temporal_pad,
                      frame_pick=args.frame_pick)
    return cfg.validate()


@contextlib.contextmanager
def first_micro_batch_statistics(model: nn.Module, keep: bool):
    """With ``keep``, BatchNorm running statistics are left as they were before the block.

    Accumulated micro-batches after the first run in here, so the running statistics follow the
    first micro-batch of each step only: what DistributedDataParallel does, which broadcasts rank 0's
    buffers before every forward, so its checkpoints hold statistics of rank 0's shards alone. A
    single process with --accum-steps K then matches K processes exactly, buffers included.
    """
    if not keep:
        yield
        return
    saved = [(m, m.running_mean.clone(), m.running_var.clone(), m.num_batches_tracked.clone())
             for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.track_running_stats]
    try:
        yield
    finally:
        with torch.no_grad():
            for m, mean, var, n in saved:
                m.running_mean.copy_(mean)
                m.running_var.copy_(var)
                m.num_batches_tracked.copy_(n)


def _load_init(net: nn.Module, cfg: ModelConfig, path: Path, labels: List[str]) -> Dict[str, Any]:
    """Loads a checkpoint's weights into ``net`` to fine-tune it; refuses another network or label set."""
    state = load_checkpoint(path, "cpu")
    if ModelConfig.from_dict(state["model_config"]) != cfg:
        raise ValueError(f"--init {path}: its model config {state['model_config']} differs from this run's "
                         f"{cfg.to_dict()}; pass the same --arch/--width/--clip-len/--size")
    meta = state.get("meta", {})
    if list(meta.get("labels", [])) != list(labels):
        raise ValueError(f"--init {path}: its labels differ from the dataset's jester-v1-labels.csv; "
                         f"fine-tune on a dataset with the same labels in the same order")
    net.load_state_dict(state["model_state"])
    return {"checkpoint": str(path), "best_acc": float(meta.get("best_acc", meta.get("val_acc", float("nan"))))}


def train(args: argparse.Namespace, log=print) -> Dict[str, Any]:
    world = distributed.world_from_env()
    say = log if world.is_main else (lambda _m: None)
    # Everything a user can get wrong is checked before joining the process group, identically in
    # every process, so a bad option fails at once everywhere instead of leaving peers waiting.
    if args.fps <= 0 or args.source_fps <= 0:
        raise ValueError("--fps and --source-fps must be positive")
    per_process, micro = distributed.split_batch(args.batch_size, world.size, args.accum_steps)
    if args.sync_bn and not world.enabled:
        raise ValueError("--sync-bn needs several processes: start training with torchrun")
    if args.aux_landmarks is not None and args.swa_start > 0:
        raise ValueError("--aux-landmarks and --swa-start exclude each other (the average's batch-norm pass "
                         "reads plain clips)")
    if args.aux_landmarks is not None and args.arch not in ("r2plus1d", "r2plus1d-ttl"):
        raise ValueError(f"--aux-landmarks needs an r2plus1d network, not --arch {args.arch}")
    if args.init_2d is not None and not args.init_2d.is_file():
        raise FileNotFoundError(f"--init-2d {args.init_2d} does not exist; write one with train --pretrain-2d")
    if args.init is not None and args.init_2d is not None:
        raise ValueError("--init and --init-2d exclude each other: fine-tune a 3D checkpoint, or inflate a 2D one")
    if args.init is not None and not args.init.is_file():
        raise FileNotFoundError(f"--init {args.init} does not exist; pass a checkpoint written by train (RUN/best.pt)")
    labels = read_labels(args.data)
    cfg = model_config(args, len(labels))
    h, w = cfg.height, cfg.width_px
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    net = build_model(cfg)
    resume: Optional[Tuple[Path, Dict[str, Any]]] = None
    if args.resume:
        path = args.out / "last.pt" if args.resume == "auto" else Path(args.resume)
        state = load_checkpoint(path, "cpu")
        if ModelConfig.from_dict(state["model_config"]) != cfg:
            raise ValueError(f"--resume {path}: its model config {state['model_config']} differs from this "
                             f"run's {cfg.to_dict()}; pass the same --arch/--width/--clip-len/--size")
        resume = (path, state)
    init: Optional[Dict[str, Any]] = None
    if args.init is not None and resume is None:
        init = _load_init(net, cfg, args.init, labels)
    inflated: Optional[Dict[str, Any]] = None
    if args.init_2d is not None and resume is None:
        inflated = inflate_from_checkpoint(net, cfg, args.init_2d, labels)
    if args.sync_bn and args.device == "cpu":
        raise ValueError("--sync-bn needs CUDA (torch's SyncBatchNorm has no CPU implementation)")

    threads = set_threads(args.threads)
    world, device = distributed.init(world, args.dist_backend, args.device, args.dist_timeout)
    try:
        return _train(args, cfg, labels, net, world, device, per_process, micro, resume, inflated,
                      threads, log, say, init)
    finally:
        distributed.shutdown(world)


def _train(args: argparse.Namespace, cfg: ModelConfig, labels: List[str], net: nn.Module, world: World,
           device: torch.device, per_process: int, micro: int, resume: Optional[Tuple[Path, Dict[str, Any]]],
           inflated: Optional[Dict[str, Any]], threads: int, log, say,
           init: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    if world.enabled:
        log(f"distributed: rank {world.rank} of {world.size} (local rank {world.local_rank}), "
            f"{world.backend}, {device}, pid {os.getpid()}")
    use_amp = args.amp == "on" or (args.amp == "auto" and device.type == "cuda")
    if use_amp and device.type != "cuda":
        raise ValueError("--amp on needs CUDA; use --amp off on CPU")
    if args.sync_bn and device.type != "cuda":
        raise ValueError("--sync-bn needs CUDA (torch's SyncBatchNorm has no CPU implementation)")
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    h, w = cfg.height, cfg.width_px
    out: Path = args.out
    if world.is_main:
        out.mkdir(parents=True, exist_ok=True)
    stride = args.source_fps / args.fps

    t_cache = time.time()
    # Rank 0 decodes the frame cache first; then the first process of every other machine (which
    # finds it on a shared filesystem, or decodes its own on a local disk); then everyone else opens
    # it. No two processes ever write the same cache.
    caches: Dict[str, FrameCache] = {}
    turns = (world.is_main, world.local_rank == 0 and not world.is_main, world.local_rank != 0)
    for mine in turns:
        if mine:
            caches["train"] = FrameCache.build_or_open(args.data, "train", labels, h, w, args.cache_dir,
                                                       args.workers, args.limit_train, say)
            caches["validation"] = FrameCache.build_or_open(args.data, "validation", labels, h, w, args.cache_dir,
                                                            args.workers, args.limit_val, say)
        distributed.barrier(world)
    train_cache, val_cache = caches["train"], caches["validation"]
    say(f"data: {len(train_cache)} train / {len(val_cache)} validation clips, {len(labels)} classes, "
        f"cache ready in {time.time() - t_cache:.0f}s")
    aug = None if args.no_augment else AugmentConfig(rotate_deg=args.rotate, translate=args.translate,
                                                      scale=args.scale, blur=args.blur,
                                                      brightness=args.brightness, contrast=args.contrast,
                                                      saturation=args.saturation, hue_deg=args.hue,
                                                      grayscale=args.grayscale, randconv=args.randconv)
    train_ds = ClipDataset(train_cache, cfg.clip_len, stride, train=True, speed_jitter=args.speed_jitter,
                           seed=args.seed)
    val_ds = ClipDataset(val_cache, cfg.clip_len, stride, train=False)
    aux_head: Optional[LandmarkHead] = None
    tap: Optional[FeatureTap] = None
    if args.aux_landmarks is not None:
        table = LandmarkTable.load(args.aux_landmarks, args.aux_id_prefix)
        train_ds = LandmarkClipDataset(train_ds, table, frame_size(args.data, train_cache.ids[0]))
        channels, aux_steps, fh, fw = net.feature_shape()
        aux_head = LandmarkHead(channels, fh * fw, generator=torch.Generator().manual_seed(args.seed + 4242)).to(device)
        tap = FeatureTap(net)
        say(f"joints: {train_ds.covered()} of {len(train_ds)} training clips have them ({args.aux_landmarks}), "
            f"{aux_steps} time steps per window, weight {args.aux_weight:g}")
    # One sampler for one process or many: a seeded permutation per epoch, of which process r takes
    # every world-th clip, so the global batch of a step is the same set of clips whatever the
    # number of processes (what makes a distributed run comparable with a single-process one).
    sampler = torch.utils.data.DistributedSampler(train_ds, num_replicas=world.size, rank=world.rank,
                                                  shuffle=True, seed=args.seed)
    train_loader = torch.utils.data.DataLoader(
        train_ds, batch_size=per_process, sampler=sampler, num_workers=args.workers,
        drop_last=len(sampler) > per_process, pin_memory=device.type == "cuda")
    val_loader = make_loader(val_ds, per_process * 2, shuffle=False, workers=args.workers)

    cost = model_cost(build_model(cfg), cfg)
    say(f"model: {cfg.name()} input {list(cfg.input_shape(1))}, {cost['mflops']:.1f} MFLOPs/clip "
        f"(1 MAC = 1 FLOP), {int(cost['params'])} params; device {device}, amp {use_amp}, "
        f"{threads} CPU threads" + (f", {world.size} processes x batch {per_process}" if world.enabled else "")
        + (f", {args.accum_steps} micro-batches of {micro} per step" if args.accum_steps > 1 else ""))
    if inflated is not None:
        say(f"initialised by inflating the 2D network {args.init_2d} (its best val top-1 "
            f"{inflated['meta'].get('best_acc', float('nan')):.4f})"
            + ("" if cfg.temporal_pad == "replicate" else
               "; with --temporal-pad zeros the first and last frames start slightly off the 2D network"))
    params = list(net.parameters()) + (list(aux_head.parameters()) if aux_head is not None else [])
    optimizer = torch.optim.Adam(params, lr=args.lr, weight_decay=args.weight_decay, amsgrad=True)
    criterion = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    if args.accum_steps > 1 and len(sampler) < per_process:
        raise ValueError(f"{len(sampler)} training clips per process are fewer than one batch of {per_process}: "
                         f"--accum-steps needs whole batches; lower --batch-size")
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
        "world_size": world.size,
        "batchnorm": "sync" if args.sync_bn else "per process" + (" and micro-batch" if args.accum_steps > 1 else ""),
    }
    if inflated is not None:
        meta["init_2d"] = {"checkpoint": str(args.init_2d), **inflated}
    if init is not None:
        meta["init"] = init
        say(f"fine-tuning from {init['checkpoint']} (its best val top-1 {init['best_acc']:.4f})")
    history: List[Dict[str, Any]] = []
    start_epoch, step, best_acc, elapsed_before = 0, 0, -1.0, 0.0
    if resume is not None:
        resume_path, state = resume
        net.load_state_dict(state["model_state"])
        if "optimizer_state" in state:
            optimizer.load_state_dict(state["optimizer_state"])
        prev = state["meta"]
        history = prev.get("history", [])
        start_epoch = prev.get("next_epoch", 0)
        step = prev.get("step", 0)
        best_acc = prev.get("best_acc", -1.0)
        elapsed_before = prev.get("train_seconds", 0.0)  # the time budget covers the whole run
        if "init_2d" in prev:
            meta["init_2d"] = prev["init_2d"]
        if "init" in prev:
            meta["init"] = prev["init"]  # a resumed fine-tuning still names what it started from
        say(f"resumed from {resume_path}: epoch {start_epoch}, step {step}, best val top-1 {best_acc:.4f}")
    net.to(device)
    # The optimizer's state was loaded on the CPU; Adam keeps it beside its parameters.
    for st in optimizer.state.values():
        for k, v in st.items():
            if torch.is_tensor(v):
                st[k] = v.to(device)
    if device.type == "cuda":
        net = net.to(memory_format=torch.channels_last_3d)
    model: nn.Module = net
    if args.sync_bn:
        net = nn.SyncBatchNorm.convert_sync_batchnorm(net)
        model = net
    if world.enabled:
        model = nn.parallel.DistributedDataParallel(
            net, device_ids=[device.index] if device.type == "cuda" else None)

    # Augmentation draws differ between processes (each augments other clips); rank 0 draws what a
    # single process draws.
    gen = torch.Generator().manual_seed(args.seed * 1000 + start_epoch + 7919 * world.rank)
    swa = WeightAverage(net) if args.swa_start > 0 and world.is_main else None
    if swa is not None and resume is not None and (out / "swa-state.pt").is_file():
        swa.load_state_dict(load_checkpoint(out / "swa-state.pt")["swa"])
        say(f"resumed the weight average: {swa.count} steps")
    t_start = time.time()
    budget = args.max_minutes * 60 if args.max_minutes > 0 else math.inf
    elapsed = elapsed_before
    stopped = ""
    for epoch in range(start_epoch, args.epochs):
        train_ds.set_epoch(epoch)
        sampler.set_epoch(epoch)
        model.train()
        t_epoch = time.time()
        seen, loss_sum, correct, aux_sum = 0, 0.0, 0, 0.0
        t_log = time.time()
        epoch_complete = True
        for batch in train_loader:
            clips, targets = batch[0], batch[1]
            # With a time budget the cosine runs on whichever is further along, steps or time, so
            # a run cut by --max-minutes still ends with a fully decayed learning rate.
            progress = (step - warmup) / max(1, total_steps - warmup)
            if budget < math.inf:
                progress = max(progress, elapsed / budget)
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step, progress, warmup, args, steps_per_epoch)
            optimizer.zero_grad(set_to_none=True)
            for k in range(args.accum_steps):
                # Micro-batch k takes every accum-th clip: the same clips that process k of a run
                # with accum-steps processes gets from its DistributedSampler.
                c = clips[k::args.accum_steps].to(device, non_blocking=True)
                t = targets[k::args.accum_steps].to(device, non_blocking=True)
                record: Optional[Dict[str, torch.Tensor]] = {} if aux_head is not None else None
                x = prepare_batch(c, meta["mean"], meta["std"], aug, gen, record)
                if device.type == "cuda":
                    x = x.contiguous(memory_format=torch.channels_last_3d)
                last = k == args.accum_steps - 1
                no_sync = model.no_sync() if world.enabled and not last else contextlib.nullcontext()
                with no_sync, first_micro_batch_statistics(net, keep=k > 0):
                    with autocast(device, use_amp):
                        logits = model(x)
                        loss = ce = criterion(logits.float(), t)
                        if aux_head is not None:
                            pts = batch[2][k::args.accum_steps].to(device)
                            present = batch[3][k::args.accum_steps].to(device)
                            if "theta" in record:
                                pts = warp_points(pts, record["theta"].to(pts.dtype))
                            target, weight = window_targets(pts, present, aux_steps, h, w)
                            aux = landmark_loss(aux_head(tap.take()).float(), target, weight)
                            aux_sum += float(aux.detach()) * t.numel()
                            loss = loss + args.aux_weight * aux
                    (loss / args.accum_steps).backward()
                n = t.numel()
                seen += n
                loss_sum += float(ce.detach()) * n
                correct += int((logits.detach().argmax(1) == t).sum())
            optimizer.step()
            step += 1
            if swa is not None and progress >= args.swa_start:
                swa.update(net)
            if time.time() - t_log > args.log_seconds:
                t_log = time.time()
                say(f"  epoch {epoch + 1} step {step - epoch * steps_per_epoch}/{steps_per_epoch}: "
                    f"loss {loss_sum / seen:.3f} acc {correct / seen:.3f}, "
                    + (f"joints {aux_sum / seen:.3f}, " if aux_head is not None else "")
                    + f"{seen * world.size / (time.time() - t_epoch):.1f} clips/s")
            elapsed = time.time() - t_start + elapsed_before
            if budget < math.inf:
                elapsed = distributed.reduce_max(world, elapsed, device)
            if elapsed > budget:
                stopped, epoch_complete = f"time budget of {args.max_minutes:g} min reached", False
                break
            if args.max_steps and step >= args.max_steps:
                stopped, epoch_complete = f"--max-steps {args.max_steps} reached", False
                break
        train_time = time.time() - t_epoch
        seen_all, loss_all, correct_all = distributed.reduce_sum(world, (seen, loss_sum, correct), device)
        if world.is_main:
            # Rank 0 validates with the bare network (DDP's forward would wait for the others).
            res = predict(net, val_loader, device, meta["mean"], meta["std"], use_amp)
            val_logits = torch.from_numpy(res["logits"])
            val_targets = torch.from_numpy(res["targets"]).long()
            val_loss = float(nn.functional.cross_entropy(val_logits, val_targets))
            val_acc = float((val_logits.argmax(1) == val_targets).float().mean())
            rec = {"epoch": epoch, "complete": epoch_complete, "step": step,
                   **({"aux_loss": aux_sum / max(seen, 1)} if aux_head is not None else {}),
                   "lr": optimizer.param_groups[0]["lr"],
                   "train_loss": loss_all / max(seen_all, 1), "train_acc": correct_all / max(seen_all, 1),
                   "val_loss": val_loss, "val_acc": val_acc, "train_clips": int(seen_all),
                   "train_seconds": train_time, "clips_per_second": seen_all / max(train_time, 1e-9),
                   "epoch_seconds": time.time() - t_epoch}
            history.append(rec)
            say(f"epoch {epoch + 1}/{args.epochs}: train loss {rec['train_loss']:.3f} acc {rec['train_acc']:.3f} | "
                f"val loss {val_loss:.3f} acc {val_acc:.3f} | {rec['clips_per_second']:.1f} clips/s, "
                f"{rec['epoch_seconds']:.0f}s")
            improved = val_acc > best_acc
            best_acc = max(best_acc, val_acc)
            meta.update({"history": history, "next_epoch": epoch + 1 if epoch_complete else epoch, "step": step,
                         "best_acc": best_acc, "epoch": epoch, "val_acc": val_acc,
                         "train_seconds": time.time() - t_start + elapsed_before})
            save_checkpoint(out / "last.pt", net, cfg, meta, optimizer)
            if swa is not None:
                swa_state = {"format": "jesture-checkpoint-1", "swa": swa.state_dict()}
                atomic_write(out / "swa-state.pt", lambda fh: torch.save(swa_state, fh))
            if improved:
                save_checkpoint(out / "best.pt", net, cfg, meta)
                save_portable(out / "best.npz", net, cfg, meta)
            text = json.dumps(history, indent=1) + "\n"
            atomic_write(out / "history.json", lambda fh: fh.write(text.encode("utf-8")))
            plot_curves(history, out / "curves.png", title=f"{cfg.name()} on {args.data.name}")
        # Nobody starts the next epoch (or leaves) before the checkpoint of this one is on disk.
        distributed.barrier(world)
        if stopped:
            say(f"stopping: {stopped}")
            break
    if not world.is_main:
        return {}
    summary: Dict[str, Any] = {"best_val_acc": best_acc, "epochs_run": len(history),
                               "train_minutes": (time.time() - t_start + elapsed_before) / 60, "stopped": stopped or None,
                               "mflops": cost["mflops"], "params": int(cost["params"]), "arch": cfg.name(),
                               "world_size": world.size}
    if swa is not None and swa.count > 0:
        summary.update(_finish_average(swa, net, cfg, meta, train_loader, val_loader, aug, device, use_amp,
                                       args, out, say))
    if not args.no_final_eval and (out / "best.pt").is_file():
        rep = evaluate_checkpoint(out / "best.pt", args.data, out / "eval", "validation",
                                  batch_size=per_process * 2, workers=args.workers,
                                  # "cuda" is this process's GPU (torch.cuda.set_device), and the only
                                  # spelling resolve_device takes.
                                  device=device.type,
                                  cache_dir=args.cache_dir, limit=args.limit_val, log=log)
        summary["eval_top1"] = rep["top1"]
        log(f"evaluation of best.pt: top-1 {100 * rep['top1']:.2f}% on {rep['clips']} clips -> {out / 'eval'}")
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary


def _finish_average(swa: WeightAverage, net: nn.Module, cfg: ModelConfig, meta: Dict[str, Any],
                    train_loader, val_loader, aug: Optional[AugmentConfig], device: torch.device,
                    use_amp: bool, args: argparse.Namespace, out: Path, say) -> Dict[str, Any]:
    """Measures the average's batch-norm statistics, validates it and writes OUT/swa.pt."""
    t0 = time.time()
    avg = swa.averaged(net)

    def forward(m: nn.Module, x: torch.Tensor) -> None:
        with autocast(device, use_amp):
            m(x)

    batches = training_batches(train_loader, args.swa_bn_batches, meta["mean"], meta["std"], aug, args.seed, device)
    n = recompute_batchnorm(avg, batches, forward)
    res = predict(avg, val_loader, device, meta["mean"], meta["std"], use_amp)
    acc = float((torch.from_numpy(res["logits"]).argmax(1) == torch.from_numpy(res["targets"]).long())
                .float().mean())
    swa_meta = dict(meta, val_acc=acc, swa={"steps": swa.count, "start": args.swa_start, "bn_batches": n})
    save_checkpoint(out / "swa.pt", avg, cfg, swa_meta)
    save_portable(out / "swa.npz", avg, cfg, swa_meta)
    say(f"weight average of {swa.count} steps, batch norm measured on {n} batches: val acc {acc:.3f} "
        f"-> {out / 'swa.pt'} ({time.time() - t0:.0f}s)")
    return {"swa_val_acc": acc, "swa_steps": swa.count}


def describe_dataset(root: Path, n_train: int, n_val: int) -> str:
    """What jesture.dataset says: the folder name, clip counts, and the synth manifest if present."""
    text = f"{Path(root).resolve().name}: {n_train} train / {n_val} validation clips"
    props = read_manifest(root)
    if props:
        text = "jesture synth " + " ".join(f"{k}={v}" for k, v in props.items()) + "; " + text
    return text


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        rank = distributed.world_from_env().rank
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    where = "" if rank == 0 else f"rank {rank}: "
    try:
        if args.eval_only:
            ckpt = args.out / "best.pt" if args.resume in (None, "auto") else Path(args.resume)
            set_threads(args.threads)
            rep = evaluate_checkpoint(ckpt, args.data, args.out / "eval", "validation", args.batch_size * 2,
                                      args.workers, args.device, args.cache_dir, args.limit_val)
            print(f"top-1 {100 * rep['top1']:.2f}% on {rep['clips']} clips -> {args.out / 'eval'}")
            return 0
        if rank == 0:
            print(hugepages.status(), flush=True)
        with distributed.sigterm_raises():
            summary = train(args, log=lambda m: print(m, flush=True))
    except (DatasetError, FileNotFoundError) as e:
        # Files can differ between machines, so every process reports its own.
        print(f"error: {where}{e}", file=sys.stderr)
        return 2
    except ValueError as e:
        # Option errors are the same in every process: rank 0 says it once. The others wait for the
        # launcher to stop them: one that exited first would have torchrun stop rank 0 before it said
        # why, and the run would fail with no reason given at all.
        if rank == 0:
            print(f"error: {e}", file=sys.stderr)
        else:
            distributed.await_stop(timeout=120)
        return 2
    except Terminated:
        print(f"error: {where}stopped by SIGTERM; {args.out / 'last.pt'} holds the last finished epoch: "
              f"continue with --resume", file=sys.stderr)
        return 143
    except RuntimeError as e:
        if distributed.world_from_env().size == 1:
            raise
        # A peer that died breaks the collective this process waits in (gloo: "Connection closed by
        # peer"; NCCL: a timeout). The checkpoint is written atomically, so it is the last good one.
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print(f"error: {where}another training process failed ({first}); {args.out / 'last.pt'} holds the "
              f"last finished epoch: continue with --resume", file=sys.stderr)
        return 1
    if summary:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
