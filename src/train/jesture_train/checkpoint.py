"""Checkpoints as plain data: a state_dict plus JSON-able config, loadable on any torch >= 1.13.

Nothing pickled references our classes, so a checkpoint written by torch 2.x on the GPU box
loads in torch 1.13 here (and back). As insurance against pickle-format drift between torch
versions, training also writes ``best.npz``: the same weights as numpy arrays plus the config
and metadata as JSON, which any numpy reads without unpickling anything. Every loader here
accepts either file.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import numpy as np
import torch
from torch import nn

from .models import ModelConfig, build_model


def save_checkpoint(path: Path, model: nn.Module, cfg: ModelConfig, meta: Dict[str, Any],
                    optimizer: Optional[torch.optim.Optimizer] = None,
                    scheduler: Optional[Any] = None, scaler: Optional[Any] = None) -> None:
    """Writes atomically (tmp file + rename) so a run killed mid-save never leaves a torn file."""
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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    # The legacy zip format is what both torch 1.13 and 2.x read by default.
    torch.save(state, tmp)
    os.replace(tmp, path)


def save_portable(path: Path, model: nn.Module, cfg: ModelConfig, meta: Dict[str, Any]) -> None:
    """Weights as .npz (no pickle) with the config and metadata as UTF-8 JSON bytes."""
    arrays = {f"w/{k}": v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    header = {"format": "jesture-checkpoint-1", "model_config": cfg.to_dict(), "meta": meta}
    arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


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
