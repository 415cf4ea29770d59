"""A trainable checkpoint from an exported (2+1)D model: its weights, with batch norm unfolded.

Only the ONNX files ship (models/); the training checkpoints they were exported from stay on the
machine that trained them. To fine-tune a shipped model elsewhere, its weights have to come back
out of the graph. ONNX export folds every batch norm into the convolution before it (weight scaled,
a bias added), and a folded network fine-tunes badly: in training mode each batch norm normalises by
the batch's own statistics, so put back as an identity it would rescale every channel on the first
step. So each batch norm is unfolded for real: the convolution keeps the folded weight, and the
batch norm gets, per channel, the mean and variance of that convolution's output on clips of a
dataset, as running statistics and as its scale and shift. In evaluation mode the network then
computes exactly what the ONNX graph computes; in training mode, on batches like those clips, nearly
the same.

    python3 -m jesture_train.unfold models/jesture-r2plus1d.onnx --data data/synth-mix-neg \\
        --out runs/default-unfolded.pt [--size 96x132]

``--size`` writes the checkpoint for another input size: the convolutions and the pooled head do not
depend on it, and the statistics are measured at that size. The result is a checkpoint of
``jesture_train.train`` (``--init`` it with the same ``--arch``, ``--size`` and ``--clip-len``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

from .augment import prepare_batch
from .checkpoint import save_checkpoint
from .data import decode_clip, frames_dir, read_labels, read_split, sample_indices
from .models import ModelConfig, build_model

# Architectures this reads: those whose every convolution is followed by exactly one batch norm.
ARCHES = {"r2plus1d-small-w1": ("r2plus1d", 1.0)}


def conv_bn_pairs(net: nn.Module) -> List[Tuple[nn.Conv3d, nn.BatchNorm3d]]:
    """Each convolution of the (2+1)D network with the batch norm that reads its output, in the order
    the forward pass runs them (the order of the Conv nodes in an exported graph)."""
    pairs: List[Tuple[nn.Conv3d, nn.BatchNorm3d]] = [(net.stem[0], net.stem[1]), (net.stem[4], net.stem[5])]
    for block in net.blocks:
        pairs.append((block.conv.spatial, block.conv.bn))
        pairs.append((block.conv.temporal, block.bn))
        if isinstance(block.shortcut, nn.Sequential):
            pairs.append((block.shortcut[0], block.shortcut[1]))
    return pairs


def graph_weights(proto: onnx.ModelProto) -> Tuple[List[Tuple[np.ndarray, np.ndarray]], np.ndarray, np.ndarray]:
    """The folded (weight, bias) of every Conv node in graph order, and the final Gemm's weight and bias."""
    init = {t.name: numpy_helper.to_array(t) for t in proto.graph.initializer}
    convs, gemm = [], []
    for node in proto.graph.node:
        if node.op_type == "Conv":
            if len(node.input) < 3:
                raise ValueError(f"Conv node {node.name} has no bias: not a graph with folded batch norms")
            convs.append((init[node.input[1]], init[node.input[2]]))
        elif node.op_type == "Gemm":
            gemm.append((init[node.input[1]], init[node.input[2]]))
    if len(gemm) != 1:
        raise ValueError(f"expected one Gemm (the classifier), found {len(gemm)}")
    return convs, gemm[0][0], gemm[0][1]


def config_of(meta: Dict[str, str], size: Optional[Tuple[int, int]]) -> ModelConfig:
    arch = meta.get("jesture.arch", "")
    if arch not in ARCHES:
        raise ValueError(f"jesture.arch {arch!r}: unfold reads {', '.join(sorted(ARCHES))}")
    if meta.get("jesture.input", "rgb") != "rgb":
        raise ValueError("unfold reads RGB models only")
    name, width = ARCHES[arch]
    h, w = size or (int(meta["jesture.frame_height"]), int(meta["jesture.frame_width"]))
    labels = json.loads(meta["jesture.labels"])
    return ModelConfig(arch=name, num_classes=len(labels), width=width, clip_len=int(meta["jesture.clip_length"]),
                       height=h, width_px=w)


def load_folded(proto: onnx.ModelProto, cfg: ModelConfig) -> nn.Module:
    """The network with the graph's folded weights and every batch norm an identity (plus the bias):
    in evaluation mode it computes what the graph computes."""
    net = build_model(cfg)
    pairs = conv_bn_pairs(net)
    convs, fc_w, fc_b = graph_weights(proto)
    if len(convs) != len(pairs):
        raise ValueError(f"the graph has {len(convs)} convolutions, {cfg.arch} has {len(pairs)}")
    with torch.no_grad():
        for i, ((conv, bn), (w, b)) in enumerate(zip(pairs, convs)):
            if tuple(conv.weight.shape) != w.shape:
                raise ValueError(f"convolution {i}: graph weight {w.shape}, network {tuple(conv.weight.shape)}")
            conv.weight.copy_(torch.from_numpy(np.array(w)))
            bn.weight.fill_(1.0)
            bn.bias.copy_(torch.from_numpy(np.array(b)))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)  # sqrt(var + eps) = 1
        if tuple(net.fc.weight.shape) != fc_w.shape:
            raise ValueError(f"classifier: graph {fc_w.shape}, network {tuple(net.fc.weight.shape)}")
        net.fc.weight.copy_(torch.from_numpy(np.array(fc_w)))
        net.fc.bias.copy_(torch.from_numpy(np.array(fc_b)))
    return net.eval()


def unfold_statistics(net: nn.Module, clips: torch.Tensor, batch: int = 8) -> None:
    """Sets each batch norm's statistics to those of its convolution's output on ``clips`` (already
    normalised, [N,3,T,H,W]), and its scale and shift so that evaluation mode computes the same."""
    pairs = conv_bn_pairs(net)
    # Per convolution: the per-channel sum and sum of squares of its output, and how many values.
    sums: Dict[int, List[torch.Tensor]] = {i: [] for i in range(len(pairs))}
    counts: Dict[int, float] = {i: 0.0 for i in range(len(pairs))}
    hooks = []
    for i, (conv, _bn) in enumerate(pairs):
        def hook(_m, _inp, out, i=i):
            z = out.detach().double()
            dims = [0, 2, 3, 4]
            sums[i].append(torch.stack([z.sum(dims), (z * z).sum(dims)]))
            counts[i] += z.numel() / z.shape[1]
        hooks.append(conv.register_forward_hook(hook))
    net.eval()
    with torch.no_grad():
        for s in range(0, len(clips), batch):
            net(clips[s:s + batch])
    for h in hooks:
        h.remove()
    with torch.no_grad():
        for i, (_conv, bn) in enumerate(pairs):
            total = torch.stack(sums[i]).sum(0)
            mean = total[0] / counts[i]
            var = (total[1] / counts[i] - mean * mean).clamp_min(0)
            std = torch.sqrt(var + bn.eps)
            b = bn.bias.detach().double().clone()  # the folded bias, put there by load_folded
            bn.running_mean.copy_(mean.float())
            bn.running_var.copy_(var.float())
            bn.weight.copy_(std.float())
            bn.bias.copy_((mean + b).float())


def dataset_clips(root: Path, labels: Sequence[str], cfg: ModelConfig, fps: float, source_fps: float,
                  mean: Sequence[float], std: Sequence[float], count: int, seed: int) -> torch.Tensor:
    """``count`` training clips of ``root`` (drawn at random by ``seed``), each its centre window at the
    model's rate, prepared as training prepares a batch (``augment.prepare_batch``, unaugmented)."""
    samples = read_split(root, "train", labels)  # raises DatasetError if the split is missing or empty
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(samples), size=min(count, len(samples)), replace=False)
    clips = []
    for k in sorted(pick):
        frames = decode_clip(frames_dir(root) / samples[k].clip_id, cfg.height, cfg.width_px)  # [F,H,W,3] uint8
        clips.append(frames[sample_indices(len(frames), cfg.clip_len, source_fps / fps)])
    return prepare_batch(torch.from_numpy(np.stack(clips)), mean, std)


def unfold(model_path: Path, data: Path, out: Path, size: Optional[Tuple[int, int]] = None, clips: int = 256,
           seed: int = 0, source_fps: float = 12.0, log=print) -> Dict[str, object]:
    proto = onnx.load(str(model_path))
    meta = {p.key: p.value for p in proto.metadata_props}
    cfg = config_of(meta, size)
    labels = json.loads(meta["jesture.labels"])
    data_labels = read_labels(data)
    if list(data_labels) != list(labels):
        raise ValueError(f"{data}: its labels differ from the model's; unfold on a dataset with the same labels")
    net = load_folded(proto, cfg)
    fps = float(meta["jesture.fps"])
    mean = json.loads(meta["jesture.mean"])
    std = json.loads(meta["jesture.std"])
    x = dataset_clips(data, labels, cfg, fps, source_fps, mean, std, clips, seed)
    unfold_statistics(net, x)
    ckpt_meta = {"labels": list(labels), "fps": fps, "source_fps": source_fps, "mean": mean, "std": std,
                 "unfolded_from": str(model_path), "unfold_clips": int(len(x)), "dataset": str(data)}
    save_checkpoint(out, net, cfg, ckpt_meta)
    log(f"wrote {out}: {cfg.arch} at {cfg.height}x{cfg.width_px}, {len(conv_bn_pairs(net))} batch norms unfolded "
        f"on {len(x)} clips of {data}")
    return {"out": str(out), "size": [cfg.height, cfg.width_px], "clips": int(len(x))}


def _size(text: str) -> Tuple[int, int]:
    try:
        h, w = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size {text!r}: give HxW, e.g. 96x132")
    if h <= 0 or w <= 0:
        raise argparse.ArgumentTypeError(f"--size {text!r}: both sides must be positive")
    return h, w


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.unfold", description=__doc__.split("\n")[0])
    p.add_argument("model", type=Path, help="an exported (2+1)D model (.onnx)")
    p.add_argument("--data", type=Path, required=True, help="a jesture synth dataset with the model's labels")
    p.add_argument("--out", type=Path, required=True, help="the checkpoint to write (.pt); never overwritten")
    p.add_argument("--size", type=_size, help="input size HxW of the checkpoint (default: the model's)")
    p.add_argument("--clips", type=int, default=256, help="training clips the statistics are measured on")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    try:
        if not args.model.is_file():
            raise ValueError(f"{args.model} does not exist")
        if args.out.exists():
            raise ValueError(f"{args.out} exists: choose another --out or remove it")
        if args.clips <= 0:
            raise ValueError("--clips must be positive")
        unfold(args.model, args.data, args.out, args.size, args.clips, args.seed)
    except (ValueError, FileNotFoundError, KeyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
