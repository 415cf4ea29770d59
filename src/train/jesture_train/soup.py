"""A model soup: the uniform average of the weights of networks fine-tuned from one starting point.

Networks fine-tuned from the same weights, with a small learning rate, stay in one basin of the loss,
and the average of their weights is a network of the same size that is often better than each of
them, most of all on data unlike their training set: Wortsman et al., "Model soups: averaging
weights of multiple fine-tuned models improves accuracy without increasing inference time" (ICML
2022). jesture's networks are fine-tuned on a rendered world and must read real video, so the
question is worth a tool; the answer is measured in docs/model-zoo.md, *Model soups*.

Networks trained from different starting points do not average into anything useful; the tool
cannot tell that from the files, so it says where each ingredient started (``--init`` of its run)
and refuses ingredients whose architectures differ.

Batch norm: the running statistics of each ingredient belong to its own weights. With ``--data``
they are measured again for the soup on augmented training batches, as the weight average of
:mod:`jesture_train.swa` measures its own; without it they are averaged too, and the tool says so.

    python3 -m jesture_train.soup runs/c1/best.pt runs/c2/best.pt runs/c3/best.pt --out runs/soup3.pt \\
        --data data/synth-mix-neg --cache-dir target/recipe/cache
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Dict, Optional, Sequence

import torch

from .checkpoint import load_checkpoint, save_checkpoint
from .data import DatasetError
from .models import ModelConfig, build_model
from .swa import measure_batchnorm_on


def average_states(states: Sequence[Dict[str, torch.Tensor]]) -> Dict[str, torch.Tensor]:
    """The uniform average of state dicts with the same keys and shapes.

    Floating-point tensors (weights, biases, batch-norm statistics) are averaged in float64 and
    returned in their own type; integer ones (batch-norm step counters) are taken from the first.
    """
    if not states:
        raise ValueError("a soup needs at least one ingredient")
    keys = list(states[0])
    for i, s in enumerate(states[1:], start=2):
        if set(s) != set(keys):
            diff = sorted(set(s) ^ set(keys))
            raise ValueError(f"ingredient {i} has other tensors than the first ({diff[:3]}...): "
                             f"a soup averages networks of one architecture")
        for k in keys:
            if s[k].shape != states[0][k].shape:
                raise ValueError(f"ingredient {i}'s {k} is {tuple(s[k].shape)}, the first's "
                                 f"{tuple(states[0][k].shape)}: a soup averages networks of one architecture")
    out: Dict[str, torch.Tensor] = {}
    for k in keys:
        first = states[0][k]
        if first.is_floating_point():
            acc = torch.zeros_like(first, dtype=torch.float64)
            for s in states:
                acc += s[k].to(torch.float64)
            out[k] = (acc / len(states)).to(first.dtype)
        else:
            out[k] = first.clone()
    return out


def make_soup(checkpoints: Sequence[Path], data: Optional[Path] = None, cache_dir: Optional[Path] = None,
              bn_batches: int = 200, workers: int = 0, seed: int = 0, log=print):
    """Returns (network, config, meta) of the soup of ``checkpoints``; see the module doc."""
    loaded = [load_checkpoint(p) for p in checkpoints]
    cfgs = [s["model_config"] for s in loaded]
    for p, c in zip(checkpoints[1:], cfgs[1:]):
        if c != cfgs[0]:
            diff = sorted(k for k in set(c) | set(cfgs[0]) if c.get(k) != cfgs[0].get(k))
            raise ValueError(f"{p} is another architecture than {checkpoints[0]} (they differ in {diff}): "
                             f"a soup averages networks of one architecture")
    inits = []
    for p, s in zip(checkpoints, loaded):
        init = (s.get("meta", {}).get("args") or {}).get("init")
        inits.append(init)
        log(f"ingredient {p}: fine-tuned from {init or 'nothing (trained from scratch)'}")
    if len(set(inits)) > 1 or inits[0] is None:
        log("warning: the ingredients did not all start from one checkpoint; their average may be no network at all")
    cfg = ModelConfig.from_dict(cfgs[0])
    net = build_model(cfg)
    net.load_state_dict(average_states([s["model_state"] for s in loaded]))
    meta = dict(loaded[0].get("meta", {}))
    soup = {"ingredients": [str(p) for p in checkpoints], "bn": "averaged"}
    if data is not None:
        t0 = time.time()
        n = measure_batchnorm_on(net, cfg, meta, data, cache_dir, bn_batches, workers, seed, log)
        log(f"batch norm measured on {n} augmented training batches of {data} ({time.time() - t0:.0f} s)")
        soup.update(bn="measured", bn_batches=n, bn_data=str(data))
    else:
        log("batch norm: the ingredients' running statistics averaged (give --data to measure them for the soup)")
    net.eval()
    meta["soup"] = soup
    # the ingredients' own validation figures do not describe the soup
    meta.pop("val_acc", None)
    return net, cfg, meta


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.soup",
                                description="Average the weights of networks fine-tuned from one checkpoint.")
    p.add_argument("checkpoints", nargs="+", type=Path, help="the ingredients: jesture checkpoints (.pt or .npz)")
    p.add_argument("--out", type=Path, required=True, help="checkpoint to write (.pt); never overwritten")
    p.add_argument("--data", type=Path, help="Jester-layout training set to measure batch norm on (recommended)")
    p.add_argument("--cache-dir", type=Path, help="decoded-frame cache (default: DATA/.jesture-cache)")
    p.add_argument("--bn-batches", type=int, default=200, help="training batches for batch norm (default 200)")
    p.add_argument("--workers", type=int, default=2, help="loader processes")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = all cores)")
    p.add_argument("--seed", type=int, default=0, help="order and augmentation of the batch-norm batches")
    a = p.parse_args(argv)
    if a.out.exists():
        p.error(f"{a.out} exists: give another --out (a soup never replaces a file)")
    if a.bn_batches < 1:
        p.error(f"--bn-batches {a.bn_batches}: give at least 1")
    for c in a.checkpoints:
        if not c.is_file():
            p.error(f"ingredient {c} does not exist: give the best.pt (or .npz) of a fine-tuning run")
    return a


def main(argv: Optional[Sequence[str]] = None) -> int:
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    try:
        net, cfg, meta = make_soup(a.checkpoints, a.data, a.cache_dir, a.bn_batches, a.workers, a.seed,
                                   log=lambda m: print(m, flush=True))
    except (ValueError, DatasetError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    a.out.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(a.out, net, cfg, meta)
    print(f"soup of {len(a.checkpoints)} -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
