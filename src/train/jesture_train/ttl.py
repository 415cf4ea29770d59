"""T3D's Temporal Transition Layer (Diba et al., "Temporal 3D ConvNets: New Architecture and
Transfer Learning for Video Classification", 2017).

T3D replaces DenseNet's transition layer (the block between two dense blocks that changes the
channel count and pools) with 3D convolutions of several temporal depths side by side, whose
outputs are concatenated: short-, mid- and long-range motion in one layer. Here it takes the same
place in our (2+1)D residual network: between two stages, it changes the channel count to the next
stage's and does the next stage's downsampling, so that stage's first block keeps its resolution and
its identity shortcut.

Differences from the paper, and why:
- the depths are odd (1, 3, 5 by default, where T3D shows 1, 3 and 6), so symmetric padding keeps
  the clip length and the branches line up for the concatenation;
- each branch downsamples with its own stride instead of a 2x2x2 average pool after the
  concatenation: the convolutions then run only at the output positions, which costs 8 times fewer
  MACs in a stage that halves time and space;
- each branch has its own BatchNorm before the concatenation (rather than one after it), so every
  BN sits right behind a convolution and folds into it at export.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import torch
from torch import nn


def split_channels(total: int, parts: int) -> List[int]:
    """``total`` channels in ``parts`` nearly equal shares, the larger shares first."""
    if parts < 1 or total < parts:
        raise ValueError(f"cannot split {total} channels into {parts} branches")
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def check_depths(depths: Sequence[int]) -> Tuple[int, ...]:
    depths = tuple(int(d) for d in depths)
    if not depths or any(d < 1 or d % 2 == 0 for d in depths) or len(set(depths)) != len(depths):
        raise ValueError(f"TTL temporal depths must be distinct odd numbers >= 1 (e.g. 1,3,5), got "
                         f"{','.join(map(str, depths)) or 'none'}")
    return depths


class TemporalTransition(nn.Module):
    """Parallel 3D convolutions of temporal depths ``depths`` (kernel d x 3 x 3; 1 x 1 x 1 for d = 1,
    as T3D's shortest branch), each with BN, concatenated on the channel axis, then ReLU.

    ``[N, cin, T, H, W] -> [N, cout, T/st, H/sh, W/sw]`` for ``stride = (st, sh, sw)``.
    """

    def __init__(self, cin: int, cout: int, depths: Sequence[int] = (1, 3, 5),
                 stride: Tuple[int, int, int] = (2, 2, 2), padding_mode: str = "zeros") -> None:
        super().__init__()
        self.depths = check_depths(depths)
        branches = []
        for d, c in zip(self.depths, split_channels(cout, len(self.depths))):
            k = 1 if d == 1 else 3
            branches.append(nn.Sequential(
                nn.Conv3d(cin, c, (d, k, k), stride=stride, padding=(d // 2, k // 2, k // 2), bias=False,
                          padding_mode=padding_mode),
                nn.BatchNorm3d(c)))
        self.branches = nn.ModuleList(branches)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(torch.cat([b(x) for b in self.branches], 1))
