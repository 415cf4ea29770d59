"""Checkpoints as plain data: a state_dict plus JSON-able config, loadable on any torch >= 1.13.

Nothing pickled references our classes, so a checkpoint written by torch 2.x on the GPU box
loads in torch 1.13 here (and back). As insurance against pickle-format drift between torch
versions, training also writes ``best.npz``: the same weights as numpy arrays plus the config
and metadata as JSON, which any numpy reads without unpickling anything. Every loader here
accepts either file.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Callable, Dict, Optional, Tuple

import numpy as np
import torch
from torch import nn

from .distributed import termination_deferred
from .models import ModelConfig, build_model


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Writes ``path`` through ``write(file)`` so that readers only ever see the old file or the whole
    new one: a temporary file beside it (named after this process, so two writers never share one),
    flushed to disk, then renamed over ``path`` (atomic on POSIX), then the folder entry synced.

    A process killed at any point leaves ``path`` intact; an exception also removes the temporary
    file. A SIGTERM turned into an exception (:func:`jesture_train.distributed.sigterm_raises`) waits
    for the write to finish.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # A SIGTERM during the write takes effect once the file is complete (see distributed.sigterm_raises).
    with termination_deferred():
        try:
            with open(tmp, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
    # The rename itself reaches the disk only with the folder's entry; without this a power cut
    # could bring back the old file (never a torn one).
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save_checkpoint(path: Path, model: nn.Module, cfg: ModelConfig, meta: Dict[str, Any],
                    optimizer: Optional[torch.optim.Optimizer] = None,
                    scheduler: Optional[Any] = None, scaler: Optional[Any] = None) -> None:
    """Writes atomically (:func:`atomic_write`) so a run killed mid-save never leaves a torn file."""
    state = {
        "format": "jesture-checkpoint-1",
        "model_config": cfg.to_dict(),
        "model_state": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "meta": meta,
    }
    if optimizer is not None:
        state["optimizer_state"] = optimizer.state_dict()
    if scheduler is not None:
        state["scheduler_state"] = scheduler.state_dict()
    if scaler is not None:
        state["scaler_state"] = scaler.state_dict()
    # The zip format is what both torch 1.13 and 2.x read by default.
    atomic_write(path, lambda fh: torch.save(state, fh))


def save_portable(path: Path, model: nn.Module, cfg: ModelConfig, meta: Dict[str, Any]) -> None:
    """Weights as .npz (no pickle) with the config and metadata as UTF-8 JSON bytes."""
    arrays = {f"w/{k}": v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    header = {"format": "jesture-checkpoint-1", "model_config": cfg.to_dict(), "meta": meta}
    arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    atomic_write(path, lambda fh: np.savez(fh, **arrays))


def _load_portable(path: Path) -> Dict[str, Any]:
    with np.load(path, allow_pickle=False) as z:
        state = json.loads(z["header"].tobytes().decode("utf-8"))
        state["model_state"] = {k[2:]: torch.from_numpy(z[k].copy()) for k in z.files if k.startswith("w/")}
    return state


def load_checkpoint(path: Path, device: str = "cpu") -> Dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint {path} does not exist; pass the .pt or .npz written by train "
                                f"(e.g. RUN/best.pt)")
    if path.suffix == ".npz":
        return _load_portable(path)
    try:
        state = torch.load(path, map_location=device, weights_only=False)  # type: ignore[call-arg]
    except TypeError:  # torch < 1.13.1 has no weights_only
        state = torch.load(path, map_location=device)
    if not isinstance(state, dict) or state.get("format") != "jesture-checkpoint-1":
        raise ValueError(f"{path} is not a jesture checkpoint (no 'format: jesture-checkpoint-1')")
    return state


def model_from_checkpoint(path: Path, device: str = "cpu") -> Tuple[nn.Module, ModelConfig, Dict[str, Any]]:
    """Rebuilds the model in eval mode with its weights; returns (model, config, full state)."""
    state = load_checkpoint(path, device)
    cfg = ModelConfig.from_dict(state["model_config"])
    model = build_model(cfg)
    model.load_state_dict(state["model_state"])
    model.to(device).eval()
    return model, cfg, state
