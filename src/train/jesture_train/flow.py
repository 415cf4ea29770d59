"""Dense optical flow as the network's input (``--input flow``): an experiment on the synthetic-to-real gap.

A network trained on rendered clips reads rendered swipes well and real ones poorly, while a network
trained on real video reads the rendered swipes well: the rendered motion is plausible, its looks
are not. Optical flow keeps where things move and drops what they look like: the second stream of
"Two-Stream Convolutional Networks for Action Recognition in Videos" (Simonyan and Zisserman 2014).
Measured in docs/synthetic-world.md, *Optical flow as the only input*.

The flow is OpenCV's DIS ("Fast Optical Flow using Dense Inverse Search", Kroeger et al. 2016)
between consecutive model frames, computed on the CPU outside autograd. It has no ONNX form, so an
exported flow network's graph starts after it (``jesture.input = flow``) and the runtime computes the
same flow from the clip (``ClipFlow``, docs/model-contract.md, *Flow networks*).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from .augment import _LUMA

# Flow in pixels per model frame at the model's resolution, divided by this: swipes move a few
# pixels per frame at 64x88, so the input lands near the unit range the first conv is initialised for.
FLOW_SCALE = 4.0
FLOW_CLIP = 4.0

_DIS = None


def _dis():
    """The one DIS instance, made on first use; ``calc`` keeps nothing from one pair to the next."""
    global _DIS
    if _DIS is None:
        try:
            import cv2  # Debian: python3-opencv
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise RuntimeError("--input flow needs OpenCV's Python module: apt-get install python3-opencv") from e
        # Once, and from one thread: OpenCV's TBB backend crashed (segfault in libtbb) when two
        # Python threads each set the thread count and ran DIS side by side. The batch's clips are
        # computed one after another instead; a 64x88 pair takes about 0.3 ms.
        cv2.setNumThreads(1)
        _DIS = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    return _DIS


def clip_flow(x: torch.Tensor, mean: Sequence[float], std: Sequence[float]) -> torch.Tensor:
    """Normalised RGB [N, 3, T, H, W] -> scaled, clipped flow [N, 2, T, H, W] on x's device.

    A clip's first frame has no predecessor in it, so its flow is zero (as the frame differences).
    """
    m = torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1, 1)
    rgb = (x.detach().float().cpu() * s + m).clamp(0, 1)
    luma = torch.tensor(_LUMA).view(1, 3, 1, 1, 1)
    grey = ((rgb * luma).sum(1) * 255.0 + 0.5).to(torch.uint8).numpy()        # [N, T, H, W]
    n, t, h, w = grey.shape
    out = np.zeros((n, 2, t, h, w), np.float32)
    dis = _dis()
    for c in range(n):
        for i in range(1, t):
            f = dis.calc(grey[c, i - 1], grey[c, i], None)
            out[c, 0, i] = f[..., 0]
            out[c, 1, i] = f[..., 1]
    f = torch.from_numpy(out).div_(FLOW_SCALE).clamp_(-FLOW_CLIP, FLOW_CLIP)
    return f.to(x.device)
