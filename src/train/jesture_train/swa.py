"""A running average of a network's weights along its training run, and its batch-norm statistics.

Averaging the weights a run passes through in its second half lands in a wider, flatter part of the
loss surface than the run's last point. Izmailov et al., "Averaging Weights Leads to Wider Optima
and Better Generalization" (UAI 2018), introduced it; Cha et al., "SWAD: Domain Generalization by
Seeking Flat Minima" (NeurIPS 2021), averaged densely (every step) and showed that it is the
flatness that carries a network to domains it never trained on. jesture's networks train on a
rendered world and must read real video, which is such a domain; and unlike an ensemble, the
average costs nothing at inference: it is one network of the same size.

The average is uniform over the steps it saw. Its batch-norm layers need statistics of their own:
the running means and variances of the training run belong to the run's weights, not to the
average, so :func:`recompute_batchnorm` measures them again on training batches.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, Optional, Sequence

import torch
from torch import nn

from .augment import AugmentConfig, prepare_batch
from .data import ClipDataset, FrameCache


class WeightAverage:
    """The uniform average of a network's floating-point parameters over the updates it was given."""

    def __init__(self, net: nn.Module):
        self.count = 0
        # The sums live beside the parameters, so that a step on a GPU adds on the GPU and copies
        # nothing to the host; float64, so that thousands of small steps do not round away.
        self._sum: Dict[str, torch.Tensor] = {
            name: torch.zeros_like(p, dtype=torch.float64) for name, p in net.named_parameters()}

    @torch.no_grad()
    def update(self, net: nn.Module) -> None:
        """Adds the network's current parameters (called after an optimiser step)."""
        for name, p in net.named_parameters():
            self._sum[name] += p.detach()
        self.count += 1

    @torch.no_grad()
    def averaged(self, net: nn.Module) -> nn.Module:
        """A copy of ``net`` with the averaged parameters and its buffers as they are (see module doc)."""
        if self.count == 0:
            raise ValueError("the weight average has seen no step")
        out = copy.deepcopy(net)
        for name, p in out.named_parameters():
            p.copy_((self._sum[name] / self.count).to(p.dtype))
        return out

    def state_dict(self) -> Dict[str, Any]:
        return {"count": self.count, "sum": {k: v.detach().cpu().clone() for k, v in self._sum.items()}}

    def load_state_dict(self, state: Dict[str, Any]) -> None:
        missing = set(self._sum) ^ set(state["sum"])
        if missing:
            raise ValueError(f"the saved weight average does not match the network: {sorted(missing)[:3]}")
        self.count = int(state["count"])
        for k, v in state["sum"].items():
            self._sum[k].copy_(v)


@torch.no_grad()
def recompute_batchnorm(net: nn.Module, batches: Iterable[torch.Tensor],
                        forward: Callable[[nn.Module, torch.Tensor], Any]) -> int:
    """Re-measures every batch-norm layer's running statistics as the plain mean over ``batches``.

    ``batches`` yields network inputs prepared as training prepared them (augmented), since the
    running statistics of the training run were measured on those. Returns the number of batches
    read; the network is left in eval mode.
    """
    norms = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # None: a cumulative average over every batch, not an exponential one
    net.train()
    n = 0
    for x in batches:
        forward(net, x)
        n += 1
    for m, mom in zip(norms, momenta):
        m.momentum = mom
    net.eval()
    if norms and n == 0:
        raise ValueError("no batch to measure the batch-norm statistics on")
    return n


def training_batches(loader: Iterable, limit: int, mean: Sequence[float], std: Sequence[float],
                     aug: Optional[AugmentConfig], seed: int,
                     device: torch.device = torch.device("cpu")) -> Iterator[torch.Tensor]:
    """The first ``limit`` batches of a training loader, augmented as training augments them.

    The augmentation draws come from their own generator, seeded from the run's seed, so the average
    of a run and any network measured against it (``bench/swa-bn-control.py``) see the same draws.
    """
    gen = torch.Generator().manual_seed(seed * 1000 + 104729)
    for i, (clips, _) in enumerate(loader):
        if i >= limit:
            return
        x = prepare_batch(clips.to(device, non_blocking=True), mean, std, aug, gen)
        yield x.contiguous(memory_format=torch.channels_last_3d) if device.type == "cuda" else x


def measure_batchnorm_on(net: nn.Module, cfg: Any, meta: Dict[str, Any], data: Path, cache_dir: Optional[Path],
                         batches: int, workers: int, seed: int, log: Callable[[str], None] = print) -> int:
    """Measures ``net``'s batch-norm statistics on ``batches`` augmented training batches of ``data``, drawn
    as the run that ``meta`` (a checkpoint's metadata) describes drew them: its frame step, speed jitter,
    batch size, normalisation and augmentation, at ``cfg``'s clip size. For a network whose weights are
    not one run's own (a soup, :mod:`jesture_train.soup`), or a run's own network measured the same way as
    a control (``bench/swa-bn-control.py``). Returns the number of batches read; the network is left in
    eval mode."""
    args = meta["args"]
    cache = FrameCache.build_or_open(data, "train", meta["labels"], cfg.height, cfg.width_px, cache_dir, workers,
                                     None, log)
    ds = ClipDataset(cache, cfg.clip_len, args["source_fps"] / args["fps"], train=True,
                     speed_jitter=args["speed_jitter"], seed=seed)
    # train.py's sampler with one process, not make_loader's shuffle: with the run's seed, the clips
    # come in the order of the run's first epoch, so a run and its control see the same clips.
    sampler = torch.utils.data.DistributedSampler(ds, num_replicas=1, rank=0, shuffle=True, seed=seed)
    loader = torch.utils.data.DataLoader(ds, batch_size=args["batch_size"], sampler=sampler,
                                         num_workers=workers, drop_last=True)
    aug = AugmentConfig.from_dict(meta["augment"]) if meta.get("augment") else None
    return recompute_batchnorm(net, training_batches(loader, batches, meta["mean"], meta["std"], aug, seed),
                               lambda m, x: m(x))
