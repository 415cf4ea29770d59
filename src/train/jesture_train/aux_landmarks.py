"""An auxiliary task for training: say where the hand's joints are.

The synthetic world knows the 21 joints of the hand it draws (MediaPipe Hands' order), frame by
frame, without drawing (``bench/hand-landmarks/PoseTrack.java --every 1``). A network trained only
to name the gesture may name it from whatever the renderer draws differently from a camera; a
network that must also say, from the same features, where the wrist is and how each finger lies
relative to it is pushed to carry the hand's shape, the part of the rendered world that reads on
real hands (a network on tracked landmarks alone reads real thumbs no pixel model here reads,
docs/hands.md). The idea is the one of auxiliary geometric supervision in sim-to-real transfer;
whether it pays here is measured in docs/model-zoo.md, *Where the joints are*.

Per window the targets follow exactly what the network sees: the frames the window picks, the
cache's cover-centre crop, and the batch's random affine warp. For each of the network's last
time steps (4 for 16 frames) they are the mean over its frames where the hand is at least half in
the image: the palm centre in the network's normalised coordinates (2), the log of the palm
length (wrist to the middle finger's knuckle) over the input height (1), and the other 20 joints
relative to the wrist in palm lengths (40). Frames of clips the table does not hold (another
world, the background windows) carry no target.

The head reads the features the classifier pools (before pooling, so where things are is still
there), is trained beside the network and is thrown away: checkpoints, exports and the runtime
contract never see it (so a resumed run starts the head afresh).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .data import ClipDataset, cover_size

POINTS = 21
TARGETS = 2 + 1 + 2 * (POINTS - 1)
# MediaPipe Hands' order: 0 wrist, 5 / 9 / 13 / 17 the index, middle, ring and pinky knuckles.
PALM = (0, 5, 9, 13, 17)
MIDDLE_KNUCKLE = 9


class LandmarkTable:
    """Every frame's 21 joints of the clips of one export, by the id they have in a dataset."""

    def __init__(self, points: np.ndarray, rows: Dict[str, int]) -> None:
        self.points = points          # float32 [clips, frames, 21, 3]: x, y in source pixels, depth
        self.rows = rows

    @staticmethod
    def load(prefix: Path, id_prefix: str = "") -> "LandmarkTable":
        """PREFIX.csv (``id;label;split;side``) and PREFIX.f32, as PoseTrack writes them with
        ``--every 1``; ``id_prefix`` is what ``jesture_train.join`` put before the export's ids."""
        csv, f32 = Path(str(prefix) + ".csv"), Path(str(prefix) + ".f32")
        for p in (csv, f32):
            if not p.is_file():
                raise FileNotFoundError(f"--aux-landmarks: {p} does not exist; write it with "
                                        f"bench/hand-landmarks/PoseTrack.java --every 1 --out {prefix}")
        ids = [line.split(";", 1)[0] for line in csv.read_text(encoding="utf-8").splitlines() if line.strip()]
        flat = np.fromfile(f32, dtype="<f4")
        per_clip = flat.size // max(len(ids), 1)
        if not ids or per_clip * len(ids) != flat.size or per_clip % (POINTS * 3):
            raise ValueError(f"--aux-landmarks: {f32} does not hold whole frames of 21 points for the "
                             f"{len(ids)} clips of {csv}")
        points = flat.reshape(len(ids), per_clip // (POINTS * 3), POINTS, 3).astype(np.float32)
        return LandmarkTable(points, {id_prefix + i: n for n, i in enumerate(ids)})


class LandmarkClipDataset(ClipDataset):
    """A :class:`ClipDataset` whose items also carry the joints of the frames they picked.

    Items are ``(clip, label, points [T, 21, 2] in the network input's normalised coordinates
    before augmentation, present [T])``. ``present`` is 1 where the table holds the clip and at
    least half of the joints lie inside the source frame.
    """

    def __init__(self, base: ClipDataset, table: LandmarkTable, source_size: Tuple[int, int]) -> None:
        super().__init__(base.cache, base.clip_len, base.stride, base.train, base.speed_jitter, base.seed)
        self.table = table
        self.source_w, self.source_h = source_size
        self.rows = [table.rows.get(i, -1) for i in self.cache.ids]

    def covered(self) -> int:
        return sum(r >= 0 for r in self.rows)

    def __getitem__(self, i: int):  # type: ignore[override]
        idx = self.indices(i)
        clip = torch.from_numpy(self.cache.clip(i, idx))
        row = self.rows[i]
        if row >= 0:
            pts, present = picked_joints(self.table.points[row], idx, (self.source_w, self.source_h),
                                         self.cache.height, self.cache.width)
        else:
            pts = np.zeros((len(idx), POINTS, 2), dtype=np.float32)
            present = np.zeros(len(idx), dtype=np.float32)
        return clip, self.cache.labels[i], torch.from_numpy(pts), torch.from_numpy(present)


def picked_joints(track: np.ndarray, idx: np.ndarray, source_size: Tuple[int, int], height: int,
                  width: int) -> Tuple[np.ndarray, np.ndarray]:
    """One clip's joints [F, 21, 3] (source pixels) on the frames ``idx`` picks: [T, 21, 2] in the
    network input's normalised coordinates, and presence [T] (at least half the joints inside the
    source frame)."""
    xy = track[np.clip(idx, 0, track.shape[0] - 1), :, :2]
    sw, sh = source_size
    inside = ((xy[..., 0] >= 0) & (xy[..., 0] < sw) & (xy[..., 1] >= 0) & (xy[..., 1] < sh)).mean(1)
    return source_to_input(xy, source_size, height, width), (inside >= 0.5).astype(np.float32)


def source_to_input(xy: np.ndarray, source_size: Tuple[int, int], height: int, width: int) -> np.ndarray:
    """Points [..., 2] in source pixels (x right, y down, 0 at the frame's top-left corner) to the
    network input's normalised coordinates (-1 and 1 at its edges, as ``F.affine_grid`` with
    ``align_corners=False`` reads them), through ``cover_center_crop``: scale to cover, crop
    floor((new - out) / 2) from the left and the top."""
    sw, sh = source_size
    nw, nh = cover_size(sw, sh, height, width)
    left, top = (nw - width) // 2, (nh - height) // 2
    out = np.empty(xy.shape, dtype=np.float32)
    out[..., 0] = ((xy[..., 0] * nw / sw - left) / width) * 2 - 1
    out[..., 1] = ((xy[..., 1] * nh / sh - top) / height) * 2 - 1
    return out


def warp_points(pts: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
    """Joints [B, T, 21, 2] in normalised input coordinates to where the augmentation moved them.

    ``theta`` [B, 2, 3] is what ``F.affine_grid`` sampled with: input = A output + b, so a point
    of the input lands at output = A^-1 (input - b).
    """
    a, b = theta[:, :, :2], theta[:, :, 2]
    inv = torch.linalg.inv(a)                                   # [B, 2, 2]
    return torch.einsum("bij,btkj->btki", inv, pts - b[:, None, None, :])


def window_targets(pts: torch.Tensor, present: torch.Tensor, steps: int, height: int,
                   width: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """Per-frame joints [B, T, 21, 2] (warped, normalised) -> targets [B, steps, 43] and weights
    [B, steps] (1 where at least one of the step's frames shows the hand)."""
    b, t = present.shape
    px = pts * torch.tensor([width / 2, height / 2], dtype=pts.dtype, device=pts.device)
    wrist = px[:, :, 0]
    length = (px[:, :, MIDDLE_KNUCKLE] - wrist).norm(dim=-1).clamp(min=1.0)          # [B, T] pixels
    shape = (px[:, :, 1:] - wrist[:, :, None]) / length[..., None, None]            # [B, T, 20, 2]
    centre = pts[:, :, list(PALM)].mean(2)                                          # [B, T, 2]
    size = torch.log(length / height)[..., None]                                    # [B, T, 1]
    per_frame = torch.cat([centre, size, shape.flatten(2)], -1)                     # [B, T, 43]
    per = t // steps
    w = present[:, :per * steps].reshape(b, steps, per)
    f = per_frame[:, :per * steps].reshape(b, steps, per, TARGETS)
    count = w.sum(-1)
    target = (f * w[..., None]).sum(2) / count.clamp(min=1)[..., None]
    return target, (count > 0).to(pts.dtype)


class LandmarkHead(nn.Module):
    """Features [B, C, T', H', W'] -> joints' targets [B, T', 43], one set per time step.

    A 1x1x1 convolution narrows the channels, and each time step's whole spatial map (not its
    mean) goes through a small MLP, so the head can read where in the image a feature fired.
    """

    def __init__(self, channels: int, spatial: int, width: int = 32, hidden: int = 128,
                 generator: Optional[torch.Generator] = None) -> None:
        super().__init__()
        self.reduce = nn.Conv3d(channels, width, 1)
        self.mlp = nn.Sequential(nn.Linear(width * spatial, hidden), nn.ReLU(inplace=True),
                                 nn.Linear(hidden, TARGETS))
        # Drawn from a generator of its own: the network's dropout and everything else drawn from
        # torch's global stream stay what they are without the head.
        with torch.no_grad():
            for m in (self.reduce, self.mlp[0], self.mlp[2]):
                fan_in = m.weight[0].numel()
                bound = 1 / math.sqrt(fan_in)
                m.weight.copy_(torch.rand(m.weight.shape, generator=generator) * 2 * bound - bound)
                m.bias.copy_(torch.rand(m.bias.shape, generator=generator) * 2 * bound - bound)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        r = F.relu(self.reduce(features))                                 # [B, w, T', H', W']
        b, c, t = r.shape[:3]
        r = r.permute(0, 2, 1, 3, 4).reshape(b, t, -1)
        return self.mlp(r)


class FeatureTap:
    """Catches the input of the network's pooling head on every forward pass."""

    def __init__(self, net: nn.Module) -> None:
        head = getattr(net, "head", None)
        if head is None:
            raise ValueError("--aux-landmarks needs a network with a pooling head (r2plus1d)")
        self.features: Optional[torch.Tensor] = None
        self._handle = head.register_forward_pre_hook(self._catch)

    def _catch(self, _module: nn.Module, inputs: Sequence[torch.Tensor]) -> None:
        self.features = inputs[0]

    def take(self) -> torch.Tensor:
        f, self.features = self.features, None
        if f is None:
            raise RuntimeError("the network ran without passing its features to the head")
        return f

    def close(self) -> None:
        self._handle.remove()


def landmark_loss(pred: torch.Tensor, target: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Smooth-L1 over the 43 targets of each time step that shows the hand; 0 when none does."""
    per_step = F.smooth_l1_loss(pred, target, reduction="none").mean(-1)           # [B, T']
    return (per_step * weight).sum() / weight.sum().clamp(min=1.0)
