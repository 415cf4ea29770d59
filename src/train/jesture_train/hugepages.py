"""Transparent huge pages for glibc's malloc in the training, evaluation and bench commands.

Why: PyTorch's CPU allocator hands every tensor to ``malloc``, and glibc serves anything above its
mmap threshold (at most 32 MiB) with a fresh ``mmap`` that it unmaps again on ``free``. So the
kernel faults in and zeroes every step's activations again, 4 KiB at a time (at 32 frames and batch
16, 88,000 faults a second at 0.4 steps a second: about 0.9 GB a step); in a virtual machine each
fault costs more again. On this project's 2-core machine about a quarter of the training process's samples
were in the kernel's fault path, and the steps ran at a third of their speed. With the glibc
tunable ``glibc.malloc.hugetlb=1`` (glibc 2.35 and later) malloc asks for transparent huge pages on
its own mappings (``madvise``), so one fault maps 2 MiB. Tunables are read when the process starts,
so the commands re-execute themselves once with it set. Where glibc is older, or the kernel's
transparent huge pages are ``never``, the tunable does nothing; where they are ``always``, the
kernel already did this.

``JESTURE_HUGEPAGES=0`` leaves the environment alone. ``python3 -m jesture_train.hugepages`` says
what a command run now would get.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Dict, Mapping, Optional

TUNABLE = "glibc.malloc.hugetlb"
SETTING = f"{TUNABLE}=1"
OPT_OUT = "JESTURE_HUGEPAGES"


def hugetlb_value(tunables: str) -> Optional[str]:
    """The ``glibc.malloc.hugetlb`` value in a ``GLIBC_TUNABLES`` string, or None when it has none."""
    for item in tunables.split(":"):
        name, _, value = item.partition("=")
        if name.strip() == TUNABLE:
            return value.strip()
    return None


def tuned_environment(env: Mapping[str, str], platform: str = sys.platform) -> Optional[Dict[str, str]]:
    """The environment to run with the tunable set, or None when nothing needs to change.

    A ``GLIBC_TUNABLES`` the user set is kept: the setting is appended, and a ``hugetlb`` value
    already there (0 included) wins.
    """
    if not platform.startswith("linux") or env.get(OPT_OUT, "").strip() == "0":
        return None
    current = env.get("GLIBC_TUNABLES", "")
    if hugetlb_value(current) is not None:
        return None
    tuned = dict(env)
    tuned["GLIBC_TUNABLES"] = f"{current}:{SETTING}" if current else SETTING
    return tuned


def reexec_with_hugepages() -> None:
    """Replaces this process with the same command line under the tunable, when it lacks it.

    Called only from a module's ``__main__`` block, before anything else: the process is replaced,
    so nothing done before the call survives. The PID stays, so ``torchrun`` keeps its workers.
    """
    env = tuned_environment(os.environ)
    if env is None:
        return
    argv = list(getattr(sys, "orig_argv", []) or [])
    if not argv or not sys.executable:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *argv[1:]], env)


def status(env: Mapping[str, str] = os.environ) -> str:
    """One line: whether malloc asks for huge pages here, and what the kernel does with them."""
    value = hugetlb_value(env.get("GLIBC_TUNABLES", ""))
    try:
        thp = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text(encoding="utf-8").strip()
    except OSError:
        thp = "unknown"
    setting = f"{TUNABLE}={value}" if value is not None else f"{TUNABLE} not set"
    return f"malloc: {setting}; kernel transparent huge pages: {thp}"


if __name__ == "__main__":
    reexec_with_hugepages()
    print(status())
