"""Device selection and mixed precision, the same on torch 1.13 (CPU) and torch 2.x (CUDA)."""
from __future__ import annotations

import contextlib
import os
from typing import ContextManager

import torch


def resolve_device(device: str) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda but torch sees no CUDA device; use --device cpu or auto")
    if device not in ("cpu", "cuda"):
        raise ValueError(f"unknown device '{device}': use auto, cpu or cuda")
    return torch.device(device)


def autocast(device: torch.device, enabled: bool) -> ContextManager[object]:
    """bf16 autocast on CUDA; a no-op otherwise (torch 1.13 asserts on CUDA even when disabled)."""
    if enabled and device.type == "cuda":
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def set_threads(threads: int) -> int:
    """Sets torch's CPU threads: ``threads``, or every core this process may use when 0.

    Debian's torch starts with one OpenMP thread whatever the core count, so leaving the default
    alone would train on half of a 2-core machine.
    """
    n = threads if threads > 0 else len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else (os.cpu_count() or 1)
    torch.set_num_threads(n)
    return n
