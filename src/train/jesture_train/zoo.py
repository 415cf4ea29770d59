"""3D networks of "Resource Efficient 3D Convolutional Neural Networks" (Köpüklü et al., 2019).

Our own implementations, written from the paper, whose module names and parameter shapes follow
that project's published checkpoints, so their ``state_dict`` loads strictly (after the
``module.`` prefix that ``DataParallel`` adds is removed). They exist to import real-trained
Jester checkpoints (:mod:`jesture_train.importer`), not to train the shipped model.

3D ShuffleNet v1: a 3x3x3 stem (stride 1,2,2) and a 3x3x3 max pool (stride 2), then three stages
of 4/8/4 bottleneck units. A unit is a grouped 1x1x1 conv, a channel shuffle, a depthwise 3x3x3
conv and a grouped 1x1x1 conv. The first unit of a stage has stride 2 everywhere and concatenates
an average-pooled shortcut; the others add the identity. Global average pooling and a linear
classifier behind dropout finish it.
"""
from __future__ import annotations

from typing import Dict, List, Mapping

import torch
from torch import nn
from torch.nn import functional as F

# Stage output channels at width 1 by number of groups (ShuffleNet paper, Table 1; 1 group keeps
# the paper's odd 567).
SHUFFLENET_STAGES: Dict[int, List[int]] = {
    1: [24, 144, 288, 567],
    2: [24, 200, 400, 800],
    3: [24, 240, 480, 960],
    4: [24, 272, 544, 1088],
    8: [24, 384, 768, 1536],
}
SHUFFLENET_UNITS = (4, 8, 4)


def shuffle_channels(x: torch.Tensor, groups: int) -> torch.Tensor:
    """Interleaves the channels of ``groups`` groups so the next grouped conv mixes them."""
    n, c, t, h, w = x.shape
    return x.reshape(n, groups, c // groups, t, h, w).transpose(1, 2).reshape(n, c, t, h, w)


class PaddedAvgPool3d(nn.Module):
    """3x3x3 average pool, stride 2, zero padding 1 counted in the divisor.

    The same as ``nn.AvgPool3d(3, 2, 1)``, but padded explicitly: late in the network the clip is
    only 2 frames deep, and recent torch versions refuse a pooling kernel deeper than the unpadded
    input, which the paper's framework still accepted.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.avg_pool3d(F.pad(x, (1, 1, 1, 1, 1, 1)), 3, stride=2)


class ShuffleUnit3d(nn.Module):
    def __init__(self, in_ch: int, out_ch: int, stride: int, groups: int) -> None:
        super().__init__()
        self.stride = stride
        self.groups = groups
        mid = out_ch // 4
        # A downsampling unit concatenates its shortcut, so its own branch makes the remainder.
        branch_out = out_ch - in_ch if stride == 2 else out_ch
        # The stem has 24 channels at width 1, too few to split into groups; narrower stems are
        # grouped like every other unit (the width-0.5 checkpoints show 12 input channels in 3 groups).
        first_groups = 1 if in_ch == 24 else groups
        self.conv1 = nn.Conv3d(in_ch, mid, 1, groups=first_groups, bias=False)
        self.bn1 = nn.BatchNorm3d(mid)
        self.conv2 = nn.Conv3d(mid, mid, 3, stride=stride, padding=1, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm3d(mid)
        self.conv3 = nn.Conv3d(mid, branch_out, 1, groups=groups, bias=False)
        self.bn3 = nn.BatchNorm3d(branch_out)
        if stride == 2:
            self.shortcut = PaddedAvgPool3d()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.bn1(self.conv1(x)))
        y = shuffle_channels(y, self.groups)
        y = self.bn2(self.conv2(y))
        y = self.bn3(self.conv3(y))
        if self.stride == 2:
            return F.relu(torch.cat([y, self.shortcut(x)], 1))
        return F.relu(y + x)


class ShuffleNet3d(nn.Module):
    """3D ShuffleNet v1, any width multiplier and group count in :data:`SHUFFLENET_STAGES`."""

    def __init__(self, num_classes: int = 27, width: float = 1.0, groups: int = 3,
                 dropout: float = 0.2) -> None:
        super().__init__()
        if groups not in SHUFFLENET_STAGES:
            raise ValueError(f"ShuffleNet groups must be one of {sorted(SHUFFLENET_STAGES)}, got {groups}")
        chans = [int(c * width) for c in SHUFFLENET_STAGES[groups]]
        self.conv1 = nn.Sequential(
            nn.Conv3d(3, chans[0], 3, stride=(1, 2, 2), padding=1, bias=False),
            nn.BatchNorm3d(chans[0]),
            nn.ReLU(inplace=True))
        self.maxpool = nn.MaxPool3d(3, stride=2, padding=1)
        in_ch = chans[0]
        stages = []
        for out_ch, units in zip(chans[1:], SHUFFLENET_UNITS):
            blocks = []
            for i in range(units):
                blocks.append(ShuffleUnit3d(in_ch, out_ch, 2 if i == 0 else 1, groups))
                in_ch = out_ch
            stages.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = stages
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(chans[3], num_classes))
        self.feature_dim = chans[3]

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.conv1(x))
        x = self.layer3(self.layer2(self.layer1(x)))
        return x.mean(dim=(2, 3, 4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def strip_data_parallel(state: Mapping[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """A state_dict saved from ``nn.DataParallel`` prefixes every key with ``module.``."""
    return {(k[len("module."):] if k.startswith("module.") else k): v for k, v in state.items()}
