"""Transfer from 2D to 3D by inflation (I3D: Carreira and Zisserman, "Quo Vadis, Action Recognition? A
New Model and the Kinetics Dataset", 2017).

:class:`R2Plus1DFrames2D` is the 2D twin of the default (2+1)D network: every 1x3x3 spatial conv is
a 3x3 Conv2d, every 3x1x1 temporal conv a 1x1 Conv2d (its 2D counterpart: channel mixing within
one frame), every BatchNorm3d a BatchNorm2d, with the same module names. It trains on single frames
of our own world (``train --pretrain-2d``; no downloaded weights), and :func:`inflate` turns its
weights into those of the 3D network: each 2D kernel is repeated along time and divided by the
temporal depth, so that on a clip of identical frames (I3D's "boring video") every temporal conv
sums the same response ``depth`` times and divides it back, and the 3D network computes exactly
what the 2D one computes on one frame. That holds at the clip's ends too when the temporal convs
pad by repeating the edge frame (``temporal_pad = "replicate"``); with zero padding the first and
last frames see fewer copies and the equality is only approximate.

The frame-difference input channels of the 3D network (``motion``) have no 2D counterpart: their
weights start at zero, so the inflated network starts as the 2D one, and learn like the others.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import torch
from torch import nn

from .models import R2P1D_STAGES, R2P1D_STEM, ModelConfig, _init_weights, frame_differences, network_input, scaled

SOURCE_ARCH = "r2plus1d-2d"
TARGET_ARCHES = ("r2plus1d",)


class _Spatial2d(nn.Module):
    """2D twin of ``Factorized3d``: 3x3 conv -> BN -> ReLU -> 1x1 conv."""

    def __init__(self, cin: int, cout: int, stride: Tuple[int, int]) -> None:
        super().__init__()
        self.spatial = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.temporal = nn.Conv2d(cout, cout, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.temporal(self.relu(self.bn(self.spatial(x))))


class _Residual2d(nn.Module):
    def __init__(self, cin: int, cout: int, stride3d: Tuple[int, int, int]) -> None:
        super().__init__()
        stride = stride3d[1:]
        self.conv = _Spatial2d(cin, cout, stride)
        self.bn = nn.BatchNorm2d(cout)
        self.shortcut: nn.Module
        # The same condition as the 3D block (on the 3D stride), so both have the same parameters.
        if cin != cout or stride3d != (1, 1, 1):
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.shortcut = nn.Identity()
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.bn(self.conv(x)) + self.shortcut(x))


class R2Plus1DFrames2D(nn.Module):
    """The 2D twin of ``R2Plus1DSmall`` (``arch = "r2plus1d-2d"``).

    Takes single frames ``[N, 3, H, W]``, or clips ``[N, 3, T, H, W]`` like every jesture model: in
    training one frame per clip (single-frame pretraining on the clips' labels), in eval mode every
    frame, with the per-frame features averaged before the linear layer (a 2D CNN with temporal
    average pooling, so it also exports and runs as a baseline clip classifier).

    With ``motion`` (the default, as for the 3D network) each frame is read beside its difference to
    the frame before, the 3D network's RGB-diff input taken one frame at a time, so its first conv
    inflates whole. Without it (``--no-motion``) it reads RGB alone, as the first 2D twins did; those
    stayed at chance on the synthetic world, as the RGB-only 3D network did (docs/model-zoo.md). A
    lone frame ``[N, 3, H, W]`` has no frame before it: its difference is zero, as for a clip's first.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        w = cfg.width
        stem = scaled(R2P1D_STEM, w)
        self.stem = nn.Sequential(
            nn.Conv2d(cfg.first_conv_channels(), stem, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(stem),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2, stride=2),
            nn.Conv2d(stem, stem, 1, bias=False),
            nn.BatchNorm2d(stem),
            nn.ReLU(inplace=True),
        )
        blocks: List[nn.Module] = []
        cin = stem
        for spec in R2P1D_STAGES:
            cout = scaled(spec.channels, w)
            for i in range(spec.blocks):
                blocks.append(_Residual2d(cin, cout, spec.stride if i == 0 else (1, 1, 1)))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(1))
        self.dropout = nn.Dropout(cfg.dropout)
        self.fc = nn.Linear(cin, cfg.num_classes)
        self.frame_pick = cfg.frame_pick
        self.motion = cfg.motion
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        _init_weights(self)  # the Linear layer, as in the 3D network

    def features(self, frames: torch.Tensor) -> torch.Tensor:
        return self.head(self.blocks(self.stem(frames)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 4:
            if self.motion and x.shape[1] == 3:
                x = torch.cat([x, torch.zeros_like(x)], 1)
            return self.fc(self.dropout(self.features(x)))
        n, t = x.shape[0], x.shape[2]
        inp = network_input(x, self.motion)
        c = inp.shape[1]
        if self.training:
            # --frame-pick motion reads the differences the input already holds, not a second copy.
            pick = pick_frames(x, self.frame_pick, differences=inp[:, x.shape[1]:] if self.motion else None)
            return self.fc(self.dropout(self.features(inp[torch.arange(n, device=x.device), :, pick])))
        frames = inp.transpose(1, 2).reshape(n * t, c, x.shape[3], x.shape[4])
        feats = self.features(frames)
        return self.fc(self.dropout(feats.reshape(n, t, feats.shape[1]).mean(1)))


def pick_frames(clips: torch.Tensor, mode: str, generator: Optional[torch.Generator] = None,
                differences: Optional[torch.Tensor] = None) -> torch.Tensor:
    """One frame index per clip of ``clips`` ``[N, C, T, H, W]`` for single-frame training.

    ``random``: uniform over the T frames. ``motion``: frame t is drawn with a weight that grows with
    how much it differs from frame t-1 (mean absolute difference) above the clip's median
    difference, squared: sensor noise and a slow drift change every frame a little and end up near
    zero, the frames in which the hand moves weigh most. Frame 0 takes frame 1's weight. A clip in
    which nothing moves more than its median (a still scene) falls back to uniform. ``differences``:
    the clips' ``frame_differences`` where the caller has them already (any gain: the weights are
    normalised).
    """
    n, _, t = clips.shape[:3]
    if mode == "random" or t < 2:
        return torch.randint(0, t, (n,), device=clips.device, generator=generator)
    with torch.no_grad():
        d = frame_differences(clips) if differences is None else differences
        energy = d.abs().mean(dim=(1, 3, 4))  # [N, T]; frame 0's is 0
        energy[:, 0] = energy[:, 1]
        weight = (energy - energy.median(dim=1, keepdim=True).values).clamp(min=0) ** 2
        still = weight.sum(dim=1, keepdim=True) <= 0
        weight = torch.where(still, torch.ones_like(weight), weight)
        return torch.multinomial(weight, 1, generator=generator).squeeze(1)


class InflationError(ValueError):
    """A 2D source that does not fit the 3D network; the message names the parameter and the fix."""


def inflate(state_2d: Mapping[str, torch.Tensor], target: Mapping[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """The 3D state_dict for a network whose own (freshly initialised) state_dict is ``target``.

    Conv weights ``[O, I, kh, kw]`` become ``[O, I, kt, kh, kw]``: the 2D kernel repeated ``kt``
    times along time and divided by ``kt``. A first conv with twice the 2D input channels (a 3D
    network with RGB plus frame differences, a 2D source trained with ``--no-motion`` on RGB alone)
    gets zeros for the difference channels; a 2D source that read the differences too inflates
    whole. BatchNorm and the linear layer are copied. Parameters that only the 3D network has are allowed for its attention head (``head.``,
    which keeps ``target``'s initialisation); anything else that does not correspond raises
    :class:`InflationError`.
    """
    out: Dict[str, torch.Tensor] = {}
    extra = sorted(set(state_2d) - set(target))
    if extra:
        raise InflationError(f"the 2D source has parameters the 3D network lacks ({', '.join(extra[:3])}"
                             f"{', ...' if len(extra) > 3 else ''}): inflate into --arch r2plus1d")
    for key, t3 in target.items():
        if key not in state_2d:
            if key.startswith("head."):
                out[key] = t3.clone()
                continue
            raise InflationError(f"the 2D source has no '{key}': inflate into --arch r2plus1d, the network "
                                 f"whose 2D twin --pretrain-2d trains")
        t2 = state_2d[key]
        if t3.dim() == 5 and t2.dim() == 4:
            o, i3, kt, kh, kw = t3.shape
            o2, i2, kh2, kw2 = t2.shape
            if i3 < i2:
                raise InflationError(f"'{key}' of the 2D source reads frame differences ({i2} input channels) "
                                     f"that this network's {i3} leave out: use the same --no-motion setting for both")
            if (o, kh, kw) != (o2, kh2, kw2) or i3 not in (i2, 2 * i2):
                raise InflationError(f"'{key}' is {list(t2.shape)} in the 2D source but the 3D network needs "
                                     f"{list(t3.shape)}: pretrain the 2D network with the same --width")
            w = t2.to(t3.dtype).unsqueeze(2).repeat(1, 1, kt, 1, 1) / kt
            if i3 == 2 * i2:
                w = torch.cat([w, torch.zeros_like(w)], 1)
            out[key] = w
        elif t3.shape == t2.shape:
            out[key] = t2.to(t3.dtype).clone()
        else:
            raise InflationError(f"'{key}' is {list(t2.shape)} in the 2D source but the 3D network needs "
                                 f"{list(t3.shape)}: pretrain the 2D network with the same --width and labels")
    return out


def inflate_from_checkpoint(model: nn.Module, cfg: ModelConfig, path: Path,
                            labels: List[str]) -> Dict[str, object]:
    """Loads the 2D checkpoint ``path`` (written by ``train --pretrain-2d``) into ``model`` by
    inflation; returns the source's config and meta. Raises InflationError when it does not fit."""
    from .checkpoint import load_checkpoint  # checkpoint imports models; keep the import graph acyclic

    if cfg.arch not in TARGET_ARCHES:
        raise InflationError(f"--init-2d inflates into --arch {', '.join(TARGET_ARCHES)}, not --arch {cfg.arch}")
    if not cfg.appearance:
        # The 2D kernels read frames; this network's first conv reads only their differences, where
        # inflate() would copy them without complaint (the channel counts are equal).
        raise InflationError("--init-2d inflates a network that reads frames, and --no-appearance leaves it "
                             "only their differences: drop one of the two")
    state = load_checkpoint(path)
    src = ModelConfig.from_dict(state["model_config"])
    if src.arch != SOURCE_ARCH:
        raise InflationError(f"--init-2d {path} is a {src.arch} checkpoint, not a 2D frame network: "
                             f"pretrain one with train --pretrain-2d")
    src_labels = state.get("meta", {}).get("labels")
    if src_labels is not None and list(src_labels) != list(labels):
        raise InflationError(f"--init-2d {path} was pretrained on {len(src_labels)} labels that differ from this "
                             f"dataset's {len(labels)}: pretrain the 2D network on the same label file")
    try:
        model.load_state_dict(inflate(state["model_state"], model.state_dict()))
    except InflationError as e:
        raise InflationError(f"--init-2d {path}: {e}") from None
    return {"config": src.to_dict(), "meta": {k: v for k, v in state.get("meta", {}).items() if k != "history"}}
