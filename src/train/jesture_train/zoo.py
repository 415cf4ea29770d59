"""3D networks of "Resource Efficient 3D Convolutional Neural Networks" (Köpüklü et al., 2019).

Our own implementations, written from the papers, whose module names and parameter shapes follow
that project's published checkpoints, so their ``state_dict`` loads strictly (after the
``module.`` prefix that ``DataParallel`` adds is removed). They exist to import real-trained
Jester checkpoints (:mod:`jesture_train.importer`), not to train the shipped model.

All three take ``[N, 3, T, H, W]`` clips (16 x 112 x 112 in that project) and end in global average
pooling, so any clip size with T >= 1 works; they return ``[N, K]`` logits.

3D ShuffleNet v1 (Zhang et al., "ShuffleNet", 2018): a 3x3x3 stem (stride 1,2,2) and a 3x3x3 max pool (stride 2), then three stages
of 4/8/4 bottleneck units. A unit is a grouped 1x1x1 conv, a channel shuffle, a depthwise 3x3x3
conv and a grouped 1x1x1 conv. The first unit of a stage has stride 2 everywhere and concatenates
an average-pooled shortcut; the others add the identity. Global average pooling and a linear
classifier behind dropout finish it.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Mapping, Sequence, Tuple

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


# --------------------------------------------------------------------------------------------
# 3D ShuffleNet V2 (Ma et al., "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture
# Design", 2018)
# --------------------------------------------------------------------------------------------

# Stage 2..4 output channels and the final 1x1x1 conv's channels by width (ShuffleNet V2 paper,
# Table 5). The 3D project adds 0.25x, and its 2.0x has 224 channels in stage 2 where the 2D paper
# lists 244; we follow the project, whose checkpoints carry these shapes.
SHUFFLENETV2_STAGES: Dict[float, List[int]] = {
    0.25: [32, 64, 128, 1024],
    0.5: [48, 96, 192, 1024],
    1.0: [116, 232, 464, 1024],
    1.5: [176, 352, 704, 1024],
    2.0: [224, 488, 976, 2048],
}
SHUFFLENETV2_UNITS = (4, 8, 4)
SHUFFLENETV2_STEM = 24


def shufflenetv2_channels(width: float) -> List[int]:
    """The published channels for a published width; otherwise 1.0x scaled to multiples of 4
    (even halves for the channel split), with the wider head from 2.0x on."""
    for w, chans in SHUFFLENETV2_STAGES.items():
        if abs(width - w) < 1e-9:
            return list(chans)
    if width <= 0:
        raise ValueError(f"ShuffleNetV2 width must be > 0, got {width}")
    stages = [max(4, int(round(c * width / 4)) * 4) for c in SHUFFLENETV2_STAGES[1.0][:3]]
    return stages + [2048 if width >= 2.0 else 1024]


def _conv_bn_relu(cin: int, cout: int, kernel: int, stride=1, relu: Callable[[], nn.Module] = lambda: nn.ReLU(inplace=True)) -> nn.Sequential:
    return nn.Sequential(nn.Conv3d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False),
                         nn.BatchNorm3d(cout), relu())


class ShuffleV2Unit3d(nn.Module):
    """One ShuffleNet V2 unit.

    Stride 1: the channels are split in half; one half passes unchanged, the other goes through
    1x1x1 conv -> BN -> ReLU -> depthwise 3x3x3 conv -> BN -> 1x1x1 conv -> BN -> ReLU. Stride 2
    (the first unit of a stage, stride 2 in time and space): both branches see the whole input; the
    second is the same stack with a strided depthwise conv, the first is depthwise 3x3x3 conv -> BN
    -> 1x1x1 conv -> BN -> ReLU. The halves are concatenated and shuffled with 2 groups.

    The attribute names ``banch1``/``banch2`` (sic) are those of the published checkpoints.
    """

    def __init__(self, in_ch: int, out_ch: int, stride: int) -> None:
        super().__init__()
        if out_ch % 2:
            raise ValueError(f"ShuffleNetV2 needs an even channel count, got {out_ch}")
        self.stride = stride
        half = out_ch // 2
        branch_in = in_ch if stride == 2 else half
        self.banch2 = nn.Sequential(
            nn.Conv3d(branch_in, half, 1, bias=False), nn.BatchNorm3d(half), nn.ReLU(inplace=True),
            nn.Conv3d(half, half, 3, stride=stride, padding=1, groups=half, bias=False), nn.BatchNorm3d(half),
            nn.Conv3d(half, half, 1, bias=False), nn.BatchNorm3d(half), nn.ReLU(inplace=True))
        if stride == 2:
            self.banch1 = nn.Sequential(
                nn.Conv3d(in_ch, in_ch, 3, stride=stride, padding=1, groups=in_ch, bias=False), nn.BatchNorm3d(in_ch),
                nn.Conv3d(in_ch, half, 1, bias=False), nn.BatchNorm3d(half), nn.ReLU(inplace=True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride == 2:
            y = torch.cat([self.banch1(x), self.banch2(x)], 1)
        else:
            keep, work = x.chunk(2, dim=1)
            y = torch.cat([keep, self.banch2(work)], 1)
        return shuffle_channels(y, 2)


class ShuffleNetV2_3d(nn.Module):
    """3D ShuffleNet V2: 3x3x3 stem (stride 1,2,2), 3x3x3 max pool (stride 2), stages of 4/8/4
    units, a 1x1x1 conv to 1024 (2048 from 2.0x) channels, global average pooling, dropout, linear."""

    def __init__(self, num_classes: int = 27, width: float = 1.0, dropout: float = 0.2) -> None:
        super().__init__()
        *stages, last = shufflenetv2_channels(width)
        self.conv1 = _conv_bn_relu(3, SHUFFLENETV2_STEM, 3, stride=(1, 2, 2))
        self.maxpool = nn.MaxPool3d(3, stride=2, padding=1)
        units: List[nn.Module] = []
        in_ch = SHUFFLENETV2_STEM
        for out_ch, n in zip(stages, SHUFFLENETV2_UNITS):
            for i in range(n):
                units.append(ShuffleV2Unit3d(in_ch, out_ch, 2 if i == 0 else 1))
                in_ch = out_ch
        self.features = nn.Sequential(*units)
        self.conv_last = _conv_bn_relu(in_ch, last, 1)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(last, num_classes))
        self.feature_dim = last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv_last(self.features(self.maxpool(self.conv1(x))))
        return self.classifier(x.mean(dim=(2, 3, 4)))


# --------------------------------------------------------------------------------------------
# 3D MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", 2018)
# --------------------------------------------------------------------------------------------

# (expansion t, output channels c, repeats n, stride s of the first repeat) from the paper's
# Table 2; in 3D the strided rows halve time as well as space.
MOBILENETV2_BLOCKS: Sequence[Tuple[int, int, int, int]] = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)
MOBILENETV2_STEM = 32
MOBILENETV2_LAST = 1280


def _relu6() -> nn.Module:
    return nn.ReLU6(inplace=True)


class InvertedResidual3d(nn.Module):
    """Expand (1x1x1, skipped when t = 1) -> depthwise 3x3x3 -> linear projection (1x1x1, no
    activation), with BN after each conv and ReLU6 after the first two; the input is added back
    when stride is 1 and the channel count is unchanged. The Sequential is named ``conv`` as in the
    published checkpoints."""

    def __init__(self, in_ch: int, out_ch: int, stride: int, expand: int) -> None:
        super().__init__()
        hidden = int(round(in_ch * expand))
        self.residual = stride == 1 and in_ch == out_ch
        layers: List[nn.Module] = []
        if expand != 1:
            layers += [nn.Conv3d(in_ch, hidden, 1, bias=False), nn.BatchNorm3d(hidden), _relu6()]
        s = (stride, stride, stride)
        layers += [nn.Conv3d(hidden, hidden, 3, stride=s, padding=1, groups=hidden, bias=False),
                   nn.BatchNorm3d(hidden), _relu6(),
                   nn.Conv3d(hidden, out_ch, 1, bias=False), nn.BatchNorm3d(out_ch)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv(x) if self.residual else self.conv(x)


class MobileNetV2_3d(nn.Module):
    """3D MobileNetV2: 3x3x3 stem (stride 1,2,2), the 17 inverted residual blocks of the paper, a
    1x1x1 conv to 1280 channels (1280 x width above 1.0), global average pooling, dropout, linear.
    Channels are ``int(c * width)``, as in the 3D project (not rounded to multiples of 8)."""

    def __init__(self, num_classes: int = 27, width: float = 1.0, dropout: float = 0.2) -> None:
        super().__init__()
        if width <= 0:
            raise ValueError(f"MobileNetV2 width must be > 0, got {width}")
        in_ch = int(MOBILENETV2_STEM * width)
        last = int(MOBILENETV2_LAST * width) if width > 1.0 else MOBILENETV2_LAST
        if in_ch < 1:
            raise ValueError(f"MobileNetV2 width {width} leaves the stem without channels")
        layers: List[nn.Module] = [_conv_bn_relu(3, in_ch, 3, stride=(1, 2, 2), relu=_relu6)]
        for t, c, n, s in MOBILENETV2_BLOCKS:
            out_ch = int(c * width)
            for i in range(n):
                layers.append(InvertedResidual3d(in_ch, out_ch, s if i == 0 else 1, t))
                in_ch = out_ch
        layers.append(_conv_bn_relu(in_ch, last, 1, relu=_relu6))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(last, num_classes))
        self.feature_dim = last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x).mean(dim=(2, 3, 4)))


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------

# Names as the Efficient-3DCNNs trainer's --model option spells them.
ZOO_ARCHES = ("shufflenet", "shufflenetv2", "mobilenetv2")
SHUFFLENET_GROUPS = tuple(sorted(SHUFFLENET_STAGES))


def build_zoo_model(arch: str, num_classes: int = 27, width: float = 1.0, groups: int = 3) -> nn.Module:
    """One of :data:`ZOO_ARCHES`; ``groups`` matters for ``shufflenet`` only."""
    if arch == "shufflenet":
        return ShuffleNet3d(num_classes, width, groups)
    if arch == "shufflenetv2":
        return ShuffleNetV2_3d(num_classes, width)
    if arch == "mobilenetv2":
        return MobileNetV2_3d(num_classes, width)
    raise ValueError(f"unknown arch '{arch}': use one of {', '.join(ZOO_ARCHES)}")


def zoo_arch_name(arch: str, width: float, groups: int = 3) -> str:
    """The ``jesture.arch`` name, e.g. ``shufflenet-3d-w0.5-g3`` or ``mobilenetv2-3d-w1``."""
    return f"{arch}-3d-w{width:g}" + (f"-g{groups}" if arch == "shufflenet" else "")
