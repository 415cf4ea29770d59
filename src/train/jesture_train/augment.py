"""Batch-wise augmentation and normalisation on the training device.

Input: uint8 clips [B, T, H, W, 3] (RGB) as the loader gives them. Output: float32 [B, 3, T, H, W]
normalised with the contract's mean/std. One random transform per clip, applied to all of its
frames, so augmentation never invents motion.

Never flips horizontally: the affine matrix is a rotation times a positive scale (determinant
> 0), so Swiping Left stays Swiping Left: Jester directions are the performer's (docs/references.md).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Dict, Mapping, Optional, Sequence

import torch
import torch.nn.functional as F


@dataclass
class AugmentConfig:
    rotate_deg: float = 10.0          # Jester 3D-CNN tutorial: +-10 degrees
    translate: float = 0.15           # Jester 3D-CNN tutorial: +-15 % of the frame, each axis
    scale: float = 0.10               # zoom U(1-s, 1+s), same for both axes (never negative)
    brightness: float = 0.3           # multiply by U(1-b, 1+b)
    contrast: float = 0.3             # blend with the clip's mean grey
    saturation: float = 0.4           # blend with the grey image
    white_balance: float = 0.1        # per-channel gain U(1-w, 1+w): hue-ish shift, camera WB
    hue_deg: float = 0.0              # rotate colours about the grey axis by U(-h, h) degrees
    grayscale: float = 0.0            # share of clips turned grey (saturation 0)
    noise: float = 0.0                # gaussian pixel noise std (0..1 scale), per frame
    blur: float = 0.0                 # max gaussian blur sigma in pixels, U(0, blur) per clip
    blur_prob: float = 0.5            # share of clips blurred at all (when blur > 0)
    randconv: float = 0.0             # share of clips passed through a random convolution (0 = off)
    prob: float = 1.0                 # probability a clip is augmented at all

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> "AugmentConfig":
        return AugmentConfig(**{k: d[k] for k in AugmentConfig.__dataclass_fields__ if k in d})


def to_float(clips: torch.Tensor) -> torch.Tensor:
    """uint8 [B,T,H,W,3] -> float [B,3,T,H,W] in [0,1]."""
    return clips.permute(0, 4, 1, 2, 3).float().div_(255.0)


def normalize(x: torch.Tensor, mean: Sequence[float], std: Sequence[float]) -> torch.Tensor:
    m = torch.tensor(mean, device=x.device, dtype=x.dtype).view(1, 3, 1, 1, 1)
    s = torch.tensor(std, device=x.device, dtype=x.dtype).view(1, 3, 1, 1, 1)
    return (x - m) / s


def affine_matrices(b: int, cfg: AugmentConfig, device: torch.device,
                    generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """[B, 2, 3] matrices for F.affine_grid (normalised coords): rotation, zoom, translation.

    The linear part is s * R(theta) with s > 0, so its determinant is s^2 > 0: no mirror image.
    """
    def u(lo: float, hi: float) -> torch.Tensor:
        return torch.rand(b, generator=generator) * (hi - lo) + lo

    angle = u(-cfg.rotate_deg, cfg.rotate_deg) * math.pi / 180.0
    zoom = u(1 - cfg.scale, 1 + cfg.scale)
    # affine_grid maps output coords to input coords: translating the content by +t means
    # sampling from -t. Normalised coords span 2, so a fraction f of the frame is 2f.
    tx = u(-cfg.translate, cfg.translate) * 2
    ty = u(-cfg.translate, cfg.translate) * 2
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    theta = torch.stack([
        torch.stack([cos, -sin, -tx], 1),
        torch.stack([sin, cos, -ty], 1),
    ], 1)
    return theta.to(device)


# ITU-R BT.601 luma weights: the "grey" that saturation and contrast blend toward.
_LUMA = (0.299, 0.587, 0.114)


def colour_matrices(x: torch.Tensor, cfg: AugmentConfig,
                    generator: Optional[torch.Generator] = None) -> "tuple[torch.Tensor, torch.Tensor]":
    """Per-clip 3x3 matrix M and offset o with y = M x + o for brightness, white balance, hue,
    saturation (grey) and contrast together.

    All of them are linear in RGB, so one pass over the clip does them all (on a CPU that is the
    difference between augmentation costing more than the network and costing little):
    gains g = brightness * wb per channel; saturation S = s I + (1 - s) 1 l^T (l = luma weights);
    contrast blends toward the clip's mean grey m = l . (S R (g * mean_rgb)), so
    hue turns colours about the grey axis (R, see ``hue_matrices``); M = c S R diag(g), o = (1 - c) m.
    """
    b = x.shape[0]
    dev = x.device

    def u(spread: float, *shape: int) -> torch.Tensor:
        return (1 + (torch.rand(b, *shape, generator=generator) * 2 - 1) * spread).to(dev)

    gain = u(cfg.brightness, 1) * u(cfg.white_balance, 3)                  # [B,3]
    sat = u(cfg.saturation, 1, 1)                                          # [B,1,1]
    con = u(cfg.contrast, 1, 1)
    hue = (torch.rand(b, generator=generator) * 2 - 1) * cfg.hue_deg * math.pi / 180.0
    grey = torch.rand(b, generator=generator) < cfg.grayscale
    sat = torch.where(grey.to(dev).view(b, 1, 1), torch.zeros_like(sat), sat)
    luma = torch.tensor(_LUMA, device=dev)
    eye = torch.eye(3, device=dev)
    s_mat = sat * eye + (1 - sat) * torch.ones(3, 1, device=dev) * luma    # [B,3,3]
    sr = s_mat @ hue_matrices(hue.to(dev))                                 # saturation after hue
    m = con * sr * gain[:, None, :]                                        # right-multiply by diag(gain)
    mean_rgb = x.mean(dim=(2, 3, 4))                                       # [B,3]
    mean_grey = ((sr @ (gain * mean_rgb)[:, :, None])[:, :, 0] * luma).sum(1)  # [B]
    o = (1 - con[:, 0, 0]) * mean_grey                                     # [B]
    return m, o


def hue_matrices(angle: torch.Tensor) -> torch.Tensor:
    """[B,3,3] rotations of RGB about the grey axis (1,1,1)/sqrt(3) by ``angle`` radians (Rodrigues).

    Greys stay grey and brightness is kept; only the hue turns. Skin and clothes rendered in a few
    palettes must not be how the network finds a hand: a real webcam's skin, lit by a warm lamp or
    a cool window and squeezed by its own colour processing, lands elsewhere on the hue circle.
    """
    # k = (1,1,1)/sqrt(3): its cross-product matrix and k k^T are constants
    kx = torch.tensor([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]], device=angle.device) / math.sqrt(3.0)
    kk = torch.full((3, 3), 1.0 / 3.0, device=angle.device)
    c, s = torch.cos(angle).view(-1, 1, 1), torch.sin(angle).view(-1, 1, 1)
    return c * torch.eye(3, device=angle.device) + s * kx + (1 - c) * kk


def augment(x: torch.Tensor, cfg: AugmentConfig, generator: Optional[torch.Generator] = None,
            record: Optional[Dict[str, torch.Tensor]] = None) -> torch.Tensor:
    """Random affine + colour jitter (+ optional noise) on float clips [B,3,T,H,W] in [0,1].

    With ``record``, its ``theta`` becomes the [B, 2, 3] warp each clip was sampled with (what
    ``F.affine_grid`` read), for targets that must move with the pixels; nothing more is drawn.
    """
    b, c, t, h, w = x.shape
    dev = x.device
    theta = affine_matrices(b, cfg, dev, generator)
    m, o = colour_matrices(x, cfg, generator)
    if cfg.prob < 1.0:
        skip = (torch.rand(b, generator=generator) >= cfg.prob).to(dev)
        identity = torch.tensor([[1.0, 0, 0], [0, 1.0, 0]], device=dev)
        theta = torch.where(skip.view(b, 1, 1), identity, theta)
        m = torch.where(skip.view(b, 1, 1), torch.eye(3, device=dev), m)
        o = torch.where(skip, torch.zeros_like(o), o)
    if record is not None:
        record["theta"] = theta
    y = torch.einsum("bij,bjthw->bithw", m, x) + o.view(b, 1, 1, 1, 1)
    # Same warp for every frame of a clip: fold time into the batch; the grid is computed per
    # clip and repeated, not recomputed per frame.
    frames = y.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
    grid = F.affine_grid(theta, [b, c, h, w], align_corners=False).repeat_interleave(t, 0)
    frames = F.grid_sample(frames, grid, mode="bilinear", padding_mode="border", align_corners=False)
    y = frames.view(b, t, c, h, w).permute(0, 2, 1, 3, 4)
    if cfg.randconv > 0:
        y = random_convolution(y, cfg, generator)
    if cfg.blur > 0:
        y = gaussian_blur(y, cfg, generator)
    if cfg.noise > 0:
        # Device RNG (seeded by torch.manual_seed). Off by default: rendered and real clips carry
        # their own sensor noise, and on a CPU it costs more than the rest of augmentation.
        y = y + torch.randn_like(y) * cfg.noise
    return y.clamp(0.0, 1.0)


RANDCONV_KERNELS = (1, 3, 5, 7)


def random_convolution(x: torch.Tensor, cfg: AugmentConfig, generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """Pass a share of clips [B,3,T,H,W] through a freshly drawn random 3->3 convolution.

    Random convolutions (Xu, Liu, Yang and Niethammer, "Robust and Generalizable Visual
    Representation Learning via Random Convolutions", ICLR 2021): a convolution with random weights
    keeps where edges and shapes are but scrambles local texture and colour, so a network trained
    on it cannot key on how the renderer fills a hand or a face, only on its shape and motion.
    Kernel size from {1, 3, 5, 7}, weights N(0, 1/fan_in), as in the paper. One kernel per clip,
    the same for all its frames, so no motion is invented. The result is brought back to the
    clip's own mean and spread per channel (a random filter's output has any scale) and blended
    with the clip by a weight U(0, 1), the paper's mixing variant, so the network also sees every
    degree between the rendered look and a scrambled one.
    """
    b, c, t, h, w = x.shape
    picked = torch.rand(b, generator=generator) < cfg.randconv
    sizes = torch.randint(len(RANDCONV_KERNELS), (b,), generator=generator)
    mix = torch.rand(b, generator=generator)
    weights = [torch.randn(c, c, k, k, generator=generator) / math.sqrt(c * k * k) for k in
               (RANDCONV_KERNELS[int(s)] for s in sizes)]
    out = x.clone()
    # One grouped convolution per kernel size: the clips that drew it side by side as groups.
    for j, k in enumerate(RANDCONV_KERNELS):
        sel = [i for i in range(b) if bool(picked[i]) and int(sizes[i]) == j]
        if not sel:
            continue
        n = len(sel)
        frames = x[sel].permute(2, 0, 1, 3, 4).reshape(t, n * c, h, w)      # [T, n*3, H, W]
        if k > 1:
            frames = F.pad(frames, (k // 2,) * 4, mode="reflect")
        weight = torch.cat([weights[i] for i in sel]).to(x.device, x.dtype)  # [n*3, 3, k, k]
        r = F.conv2d(frames, weight, groups=n).view(t, n, c, h, w).permute(1, 2, 0, 3, 4)
        # back to the clip's own statistics per channel, over all its frames (one gain per clip)
        r_mean, r_std = r.mean(dim=(2, 3, 4), keepdim=True), r.std(dim=(2, 3, 4), keepdim=True)
        xs = x[sel]
        x_mean, x_std = xs.mean(dim=(2, 3, 4), keepdim=True), xs.std(dim=(2, 3, 4), keepdim=True)
        r = (r - r_mean) / r_std.clamp(min=1e-6) * x_std + x_mean
        a = mix[sel].to(x.device, x.dtype).view(n, 1, 1, 1, 1)
        out[sel] = a * xs + (1 - a) * r
    return out.clamp(0.0, 1.0)


def gaussian_blur(x: torch.Tensor, cfg: AugmentConfig, generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """Per-clip separable gaussian blur of [B,3,T,H,W], sigma U(0, cfg.blur) for a share of clips.

    Webcams are soft (cheap lenses, denoising, compression, upscaling from a smaller sensor mode);
    a rendered frame is sharp. Blurring during training keeps a network from keying on edges that
    only a renderer draws. One kernel per clip, all frames alike, so no motion is invented.
    """
    b, c, t, h, w = x.shape
    sigma = torch.rand(b, generator=generator) * cfg.blur
    sigma = torch.where(torch.rand(b, generator=generator) < cfg.blur_prob, sigma, torch.zeros_like(sigma))
    radius = max(1, int(math.ceil(2.5 * cfg.blur)))
    taps = torch.arange(-radius, radius + 1, dtype=torch.float32)
    k = torch.exp(-0.5 * (taps[None, :] / sigma.clamp(min=1e-3)[:, None]) ** 2)
    k = k / k.sum(1, keepdim=True)                                          # [B, K]; sigma 0 -> a delta
    k = k.to(x.device, x.dtype)
    # one depthwise channel per (clip, colour, frame): fold them together
    frames = x.reshape(1, b * c * t, h, w)
    kc = k.repeat_interleave(c * t, 0)                                      # [B*C*T, K]
    frames = F.pad(frames, (radius, radius, 0, 0), mode="replicate")
    frames = F.conv2d(frames, kc.view(-1, 1, 1, 2 * radius + 1), groups=b * c * t)
    frames = F.pad(frames, (0, 0, radius, radius), mode="replicate")
    frames = F.conv2d(frames, kc.view(-1, 1, 2 * radius + 1, 1), groups=b * c * t)
    return frames.view(b, c, t, h, w)


def prepare_batch(clips_u8: torch.Tensor, mean: Sequence[float], std: Sequence[float],
                  aug: Optional[AugmentConfig] = None,
                  generator: Optional[torch.Generator] = None,
                  record: Optional[Dict[str, torch.Tensor]] = None) -> torch.Tensor:
    """uint8 [B,T,H,W,3] on the device -> normalised float [B,3,T,H,W], augmented when ``aug`` is set
    (``record``: see :func:`augment`)."""
    x = to_float(clips_u8)
    if aug is not None:
        x = augment(x, aug, generator, record)
    return normalize(x, mean, std)
