"""Training and inference throughput of a model on random clips (no dataset needed).

    PYTHONPATH=src/train python3 -m jesture_train.bench --arch r2plus1d --batch-size 16 --device cpu

Times full training steps (uint8 -> on-device augmentation -> forward -> backward -> Adam) and
eval forward passes. Reports wall-clock clips/s and, on CPU, clips per CPU-second: on a shared
machine the wall-clock figure depends on the neighbours, the CPU-time figure much less
(uncontended wall-clock clips/s is about CPU-time clips/s x threads, at best).
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
from typing import Optional, Sequence

import torch
from torch import nn

from .augment import AugmentConfig, prepare_batch
from .contract import DEFAULT_MEAN, DEFAULT_STD
from .flops import model_cost, parse_depths, parse_size
from .models import ARCHES, HEADS, TEMPORAL_PADS, ModelConfig, build_model
from .runtime import autocast, resolve_device, set_threads


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.bench",
                                description="Measure training-step and inference throughput on random clips.")
    p.add_argument("--arch", choices=ARCHES, default="r2plus1d")
    p.add_argument("--head", choices=HEADS, default="pool")
    p.add_argument("--ttl-depths", default="1,3,5")
    p.add_argument("--temporal-pad", choices=TEMPORAL_PADS, default="zeros")
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--clip-len", type=int, default=16)
    p.add_argument("--size", default="96x128")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--steps", type=int, default=6, help="timed training steps (after 2 warm-up steps)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = all cores available)")
    p.add_argument("--amp", choices=["auto", "on", "off"], default="auto")
    a = p.parse_args(argv)
    set_threads(a.threads)
    dev = resolve_device(a.device)
    amp = a.amp == "on" or (a.amp == "auto" and dev.type == "cuda")
    h, w = parse_size(a.size)
    try:
        cfg = ModelConfig(arch=a.arch, width=a.width, clip_len=a.clip_len, height=h, width_px=w, head=a.head,
                          ttl_depths=parse_depths(a.ttl_depths), temporal_pad=a.temporal_pad)
        model = build_model(cfg)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    cost = model_cost(model, cfg)
    model = model.to(dev)
    if dev.type == "cuda":
        torch.backends.cudnn.benchmark = True
        model = model.to(memory_format=torch.channels_last_3d)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, amsgrad=True)
    clips = torch.randint(0, 256, (a.batch_size, cfg.clip_len, h, w, 3), dtype=torch.uint8, device=dev)
    y = torch.randint(0, cfg.num_classes, (a.batch_size,), device=dev)
    aug = AugmentConfig()

    def sync() -> None:
        if dev.type == "cuda":
            torch.cuda.synchronize()

    def train_step() -> None:
        x = prepare_batch(clips, DEFAULT_MEAN, DEFAULT_STD, aug)
        if dev.type == "cuda":
            x = x.contiguous(memory_format=torch.channels_last_3d)
        with autocast(dev, amp):
            loss = nn.functional.cross_entropy(model(x).float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    model.train()
    for _ in range(2):
        train_step()
    sync()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        train_step()
    sync()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = a.steps * a.batch_size
    model.eval()
    with torch.no_grad():
        x = prepare_batch(clips, DEFAULT_MEAN, DEFAULT_STD)
        for _ in range(2):
            with autocast(dev, amp):
                model(x)
        sync()
        t1, c1 = time.perf_counter(), time.process_time()
        for _ in range(a.steps):
            with autocast(dev, amp):
                model(x)
        sync()
        iwall, icpu = time.perf_counter() - t1, time.process_time() - c1
    print(json.dumps({
        "arch": cfg.name(), "input": list(cfg.input_shape(1)), "mflops": round(cost["mflops"], 1),
        "params": int(cost["params"]), "device": str(dev), "threads": torch.get_num_threads(), "amp": amp,
        "batch": a.batch_size, "train_clips_per_s": round(n / wall, 2),
        "train_clips_per_cpu_s": round(n / cpu, 2) if dev.type == "cpu" else None,
        "infer_clips_per_s": round(n / iwall, 2),
        "infer_clips_per_cpu_s": round(n / icpu, 2) if dev.type == "cpu" else None,
        "torch": torch.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
