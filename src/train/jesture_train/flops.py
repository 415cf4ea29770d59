"""Cost of a model per clip: multiply-accumulates of conv and linear layers, and parameters.

Convention: 1 multiply-accumulate (MAC) = 1 FLOP, as in Efficient-3DCNNs (arXiv 1904.02422), whose
Jester table we compare against. Multiply by 2 for the "2 FLOPs per MAC" convention. BN, ReLU,
pooling and additions are not counted (BN folds into the conv at export). An attention head's two
matrix products per attention (Q K^T and weights V) are counted beside its Linear projections;
its softmax and layer norms are not.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from torch import nn

from .models import ARCHES, HEADS, TEMPORAL_PADS, ModelConfig, build_model, count_params


def count_macs(model: nn.Module, input_shape: Sequence[int]) -> Tuple[int, Dict[str, int]]:
    """MACs of one forward pass at ``input_shape`` (batch included), total and per layer."""
    per_layer: Dict[str, int] = {}
    handles: List[torch.utils.hooks.RemovableHandle] = []

    def hook(name: str):
        def fn(module: nn.Module, inputs: Tuple[torch.Tensor, ...], output: torch.Tensor) -> None:
            if hasattr(module, "matmul_macs"):
                macs = module.matmul_macs(inputs, output)
            elif isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
                kernel = 1
                for k in module.kernel_size:
                    kernel *= k
                macs = output.numel() * (module.in_channels // module.groups) * kernel
            else:  # nn.Linear
                macs = output.numel() * module.in_features
            per_layer[name] = per_layer.get(name, 0) + int(macs)
        return fn

    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear)) or hasattr(module, "matmul_macs"):
            handles.append(module.register_forward_hook(hook(name)))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            device = next(model.parameters()).device
            model(torch.zeros(*input_shape, device=device))
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    return sum(per_layer.values()), per_layer


def model_cost(model: nn.Module, cfg: ModelConfig) -> Dict[str, float]:
    """MFLOPs per single clip (1 MAC = 1 FLOP) and parameter count."""
    macs, _ = count_macs(model, cfg.input_shape(1))
    return {"mflops": macs / 1e6, "params": float(count_params(model))}


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(
        prog="python3 -m jesture_train.flops",
        description="Print MFLOPs per clip (1 MAC = 1 FLOP, as in Efficient-3DCNNs) and parameters.")
    p.add_argument("--arch", choices=ARCHES, default="r2plus1d")
    p.add_argument("--head", choices=HEADS, default="pool", help="r2plus1d networks: pooled linear or attention head")
    p.add_argument("--attn-latents", type=int, default=8)
    p.add_argument("--attn-layers", type=int, default=1)
    p.add_argument("--ttl-depths", default="1,3,5", help="r2plus1d-ttl: temporal depths of each TTL")
    p.add_argument("--temporal-pad", choices=TEMPORAL_PADS, default="zeros")
    p.add_argument("--width", type=float, default=1.0, help="width multiplier (channels and fc)")
    p.add_argument("--clip-len", type=int, default=16)
    p.add_argument("--size", type=str, default="96x128", help="HxW, e.g. 96x128")
    p.add_argument("--classes", type=int, default=27)
    p.add_argument("--per-layer", action="store_true", help="also print every layer's MACs")
    p.add_argument("--onnx", type=Path, metavar="FILE",
                   help="also export the network with its initial (untrained) weights under the model contract, "
                        "to time it with `jesture bench --model FILE` (timing does not depend on the weights)")
    p.add_argument("--fps", type=float, default=6.0, help="with --onnx: the jesture.fps it records")
    a = p.parse_args(argv)
    h, w = parse_size(a.size)
    try:
        cfg = ModelConfig(arch=a.arch, num_classes=a.classes, width=a.width, clip_len=a.clip_len,
                          height=h, width_px=w, head=a.head, attn_latents=a.attn_latents,
                          attn_layers=a.attn_layers, ttl_depths=parse_depths(a.ttl_depths),
                          temporal_pad=a.temporal_pad)
        model = build_model(cfg)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    macs, layers = count_macs(model, cfg.input_shape(1))
    if a.per_layer:
        for name, m in layers.items():
            print(f"{name:40s} {m / 1e6:10.2f} M")
    print(json.dumps({"arch": cfg.name(), "input": list(cfg.input_shape(1)),
                      "mflops": round(macs / 1e6, 2), "params": count_params(model),
                      "convention": "1 MAC = 1 FLOP"}))
    if a.onnx is not None:
        from . import contract
        from .export import export_onnx, metadata_for  # export imports this module
        if a.onnx.exists():
            print(f"error: {a.onnx} already exists: choose another --onnx", file=sys.stderr)
            return 2
        labels = contract.JESTER_LABELS if a.classes == len(contract.JESTER_LABELS) else [f"class {i}" for i in range(a.classes)]
        meta = metadata_for(model, cfg, labels=labels, fps=a.fps, dataset="none: untrained, for timing only",
                            accuracy={"top1": None, "split": "none: untrained"})
        export_onnx(model, cfg, a.onnx, meta, max_mb=0, doc="jesture untrained network (timing only)")
    return 0


def parse_depths(text: str) -> Tuple[int, ...]:
    """Parses ``1,3,5`` into (1, 3, 5); ValueError names the option."""
    try:
        return tuple(int(t) for t in str(text).split(",") if t.strip())
    except ValueError:
        raise ValueError(f"--ttl-depths '{text}' is not a comma-separated list of odd numbers, e.g. 1,3,5") from None


def parse_size(text: str) -> Tuple[int, int]:
    """Parses ``HxW`` (or a single number for a square)."""
    try:
        if "x" in text:
            h, w = text.lower().split("x")
            return int(h), int(w)
        return int(text), int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size '{text}' is not HxW, e.g. 96x128") from None


if __name__ == "__main__":
    sys.exit(main())
