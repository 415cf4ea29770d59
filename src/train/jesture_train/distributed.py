"""Training on several processes and machines with PyTorch's own engine: ``torchrun`` starts one
process per GPU (or CPU worker), ``torch.distributed`` connects them (NCCL on GPUs, gloo on CPUs),
``DistributedDataParallel`` averages the gradients, a ``DistributedSampler`` gives each process its
share of every global batch, and rank 0 alone writes checkpoints.

Nothing here is needed for a single process: without torchrun's environment (``WORLD_SIZE`` unset
or 1) every helper is a no-op and training runs exactly as before.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import signal
from dataclasses import dataclass
from typing import Iterator, Tuple

import torch
import torch.distributed as dist

from .runtime import resolve_device


class Terminated(Exception):
    """SIGTERM arrived (torchrun stopping the survivors after a worker died, or a scheduler's kill):
    raised in the main thread so that ``finally`` blocks run and no half-written file is left."""


@dataclass(frozen=True)
class World:
    rank: int = 0
    size: int = 1
    local_rank: int = 0
    backend: str = ""

    @property
    def enabled(self) -> bool:
        return self.size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def world_from_env() -> World:
    """Rank, world size and local rank as torchrun sets them (RANK, WORLD_SIZE, LOCAL_RANK)."""
    try:
        size = int(os.environ.get("WORLD_SIZE", "1"))
        rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", "0"))
    except ValueError:
        raise ValueError("WORLD_SIZE, RANK and LOCAL_RANK must be integers (start workers with torchrun)") from None
    if size < 1 or not 0 <= rank < size:
        raise ValueError(f"RANK {rank} is outside WORLD_SIZE {size} (start workers with torchrun)")
    return World(rank, size, local)


def split_batch(global_batch: int, world: int, accum_steps: int) -> Tuple[int, int]:
    """(per-process batch, micro-batch) for a global batch over ``world`` processes, each taking
    ``accum_steps`` micro-batches per optimiser step; ValueError names what does not divide."""
    if global_batch < 1 or accum_steps < 1:
        raise ValueError(f"--batch-size {global_batch} and --accum-steps {accum_steps} must be >= 1")
    if global_batch % world:
        raise ValueError(f"--batch-size {global_batch} (the global batch) is not divisible by the world size "
                         f"{world} (nodes x processes per node): use a multiple of {world}")
    per_process = global_batch // world
    if per_process % accum_steps:
        raise ValueError(f"the per-process batch {per_process} (--batch-size {global_batch} / world size {world}) "
                         f"is not divisible by --accum-steps {accum_steps}")
    return per_process, per_process // accum_steps


def init(world: World, backend: str, device: str, timeout_minutes: float) -> Tuple[World, torch.device]:
    """Joins the process group torchrun described (env:// rendezvous) and picks this process's device:
    ``cuda:LOCAL_RANK`` with NCCL, the CPU with gloo. A single process joins nothing."""
    if not world.enabled:
        return world, resolve_device(device)
    dev = resolve_device(device)
    if dev.type == "cuda":
        if world.local_rank >= torch.cuda.device_count():
            raise ValueError(f"LOCAL_RANK {world.local_rank} but this machine has {torch.cuda.device_count()} GPUs: "
                             f"use --nproc-per-node <= {torch.cuda.device_count()}")
        torch.cuda.set_device(world.local_rank)
        dev = torch.device("cuda", world.local_rank)
    chosen = backend if backend != "auto" else ("nccl" if dev.type == "cuda" else "gloo")
    if chosen == "nccl" and dev.type != "cuda":
        raise ValueError("--dist-backend nccl needs CUDA devices; use gloo on CPUs")
    dist.init_process_group(chosen, timeout=datetime.timedelta(minutes=timeout_minutes))
    return World(dist.get_rank(), dist.get_world_size(), world.local_rank, chosen), dev


def barrier(world: World) -> None:
    if world.enabled:
        dist.barrier()


def reduce_max(world: World, value: float, device: torch.device) -> float:
    """The largest ``value`` over all processes (the same on every one), so decisions taken from a
    clock (learning rate on a time budget, stopping) never differ between processes."""
    if not world.enabled:
        return value
    t = torch.tensor([value], dtype=torch.float64, device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return float(t.item())


def reduce_sum(world: World, values: Tuple[float, ...], device: torch.device) -> Tuple[float, ...]:
    if not world.enabled:
        return values
    t = torch.tensor(values, dtype=torch.float64, device=device)
    dist.all_reduce(t, op=dist.ReduceOp.SUM)
    return tuple(float(v) for v in t.tolist())


def shutdown(world: World) -> None:
    if world.enabled and dist.is_initialized():
        dist.destroy_process_group()


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block SIGTERM raises :class:`Terminated` in the main thread (outside it, or off the
    main thread, nothing changes). Python's default is to die at once, skipping cleanup.

    Inside :func:`termination_deferred` (a checkpoint being written) the exception waits until the
    write is complete: raised in the middle of ``torch.save``, it would surface inside the C++ zip
    writer, which aborts the process instead of unwinding.
    """
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def await_stop(timeout: float) -> None:
    """Blocks until this process is sent SIGTERM or SIGINT (which it then takes as read), or until
    ``timeout`` seconds pass. A worker that must not exit before a peer has reported waits here for
    the launcher to stop it: torchrun stops every worker once one has failed."""
    stops = {signal.SIGTERM, signal.SIGINT}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    except (AttributeError, ValueError):  # no POSIX signals here
        return
    try:
        signal.sigtimedwait(stops, timeout)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_deferral = {"depth": 0, "pending": False}


@contextlib.contextmanager
def termination_deferred() -> Iterator[None]:
    """A SIGTERM that arrives within the block raises :class:`Terminated` when the block ends."""
    _deferral["depth"] += 1
    try:
        yield
    finally:
        _deferral["depth"] -= 1
    if _deferral["depth"] == 0 and _deferral["pending"]:
        _deferral["pending"] = False
        raise Terminated("stopped by SIGTERM")


def _on_sigterm(signum, frame) -> None:
    if _deferral["depth"] > 0:
        _deferral["pending"] = True
        return
    raise Terminated("stopped by SIGTERM")
