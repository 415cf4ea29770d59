"""Dense optical flow as the network's input (``--input flow``): an experiment on the synthetic-to-real gap.

A network trained on rendered clips reads rendered swipes well and real ones poorly, while a network
trained on real video reads the rendered swipes well: the rendered motion is plausible, its looks
are not. Optical flow keeps where things move and drops what they look like: the second stream of
"Two-Stream Convolutional Networks for Action Recognition in Videos" (Simonyan and Zisserman 2014).
Measured in docs/synthetic-world.md, *Optical flow as the only input*.

The flow is OpenCV's DIS ("Fast Optical Flow using Dense Inverse Search", Kroeger et al. 2016)
between consecutive model frames, computed on the CPU outside autograd. It has no ONNX form, so a
flow network is trained and measured here (``jesture_train.real_eval``) and cannot be exported.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

# Flow in pixels per model frame at the model's resolution, divided by this: swipes move a few
# pixels per frame at 64x88, so the input lands near the unit range the first conv is initialised for.
FLOW_SCALE = 4.0
FLOW_CLIP = 4.0

_READY = False


def _cv2():
    global _READY
    try:
        import cv2  # Debian: python3-opencv
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise RuntimeError("--input flow needs OpenCV's Python module: apt-get install python3-opencv") from e
    if not _READY:
        # Once, and from one thread: OpenCV's TBB backend crashed (segfault in libtbb) when two
        # Python threads each set the thread count and ran DIS side by side. The batch's clips are
        # computed one after another instead; a 64x88 pair takes about 0.3 ms.
        cv2.setNumThreads(1)
        _READY = True
    return cv2


def _clip_flow(grey: np.ndarray) -> np.ndarray:
    """uint8 [T, H, W] -> float32 [2, T, H, W]; frame 0 has zero flow (as the frame differences)."""
    cv2 = _cv2()
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    t, h, w = grey.shape
    out = np.zeros((2, t, h, w), np.float32)
    for i in range(1, t):
        f = dis.calc(grey[i - 1], grey[i], None)
        out[0, i] = f[..., 0]
        out[1, i] = f[..., 1]
    return out


def clip_flow(x: torch.Tensor, mean: Sequence[float], std: Sequence[float]) -> torch.Tensor:
    """Normalised RGB [N, 3, T, H, W] -> scaled, clipped flow [N, 2, T, H, W] on x's device."""
    m = torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1, 1)
    rgb = (x.detach().float().cpu() * s + m).clamp(0, 1)
    luma = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1, 1)
    grey = ((rgb * luma).sum(1) * 255.0 + 0.5).to(torch.uint8).numpy()        # [N, T, H, W]
    flows = [_clip_flow(g) for g in grey]
    f = torch.from_numpy(np.stack(flows)).div_(FLOW_SCALE).clamp_(-FLOW_CLIP, FLOW_CLIP)
    return f.to(x.device)
