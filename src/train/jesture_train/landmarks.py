"""What jesture's landmark networks read and are: the per-frame features of a tracked hand, and a
small temporal network over them (docs/hands.md). The Java runtime computes the same features
(io.jesture.internal.hands.HandFeatures); a test compares the two on one tracked clip.

The tracking itself (MediaPipe Hands, run through ONNX Runtime for Java) lives in
bench/hand-landmarks/hands.py, since Python has no ONNX Runtime on this project's machines.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import torch
from torch import nn

MIN_HAND = 0.5          # MediaPipe's minimum hand-presence confidence
CLIP_STEPS = 20         # the network's input length in training, in frames at 6 fps


FEATURES = 71


def hand_found(rec: dict) -> np.ndarray:
    """[frames] whether the tracker found a hand in each frame of a tracked record: a palm, and the
    landmark model at least MIN_HAND sure."""
    return ~np.isnan(rec["pts"][:, 0, 0]) & (rec["flag"] >= MIN_HAND)


def features(rec: dict) -> np.ndarray:
    """[frames, 71] from one clip's tracked record: the hand's shape (landmarks relative to the wrist,
    in wrist-to-middle-knuckle lengths, x, y then depth), where it is and how large relative to the
    clip, the change of both since the frame before, whether a hand is there, and its handedness.
    Coordinates are in image heights, so the shape is not stretched by the frame's aspect."""
    pts = rec["pts"].astype(np.float64)
    height = float(rec["size"][1])
    present = hand_found(rec)
    p = np.nan_to_num(pts[:, :, :2] / height)
    z = np.nan_to_num(pts[:, :, 2] / height)
    scale = np.linalg.norm(p[:, 9] - p[:, 0], axis=1) + 1e-6
    centre = p[:, [0, 5, 9, 13, 17]].mean(1)
    f = np.zeros((len(pts), FEATURES), np.float32)
    if not present.any():
        return f
    c0, s0 = centre[present].mean(0), np.median(scale[present])
    for t in np.flatnonzero(present):
        f[t, :42] = ((p[t] - p[t, 0]) / scale[t]).reshape(-1)
        f[t, 42:63] = (z[t] - z[t, 0]) / scale[t]
        f[t, 63:65] = (centre[t] - c0) / s0
        f[t, 65] = math.log(scale[t] / s0)
        if t > 0 and present[t - 1]:
            f[t, 66:68] = (centre[t] - centre[t - 1]) / s0
            f[t, 68] = math.log(scale[t] / scale[t - 1])
        f[t, 69] = 1
        f[t, 70] = rec["handed"][t] - 0.5
    return f


# Feature columns that change sign in the mirror: the shape's x coordinates (even columns of 0-41),
# the centre's and the motion's x, and handedness (stored as p(right) - 0.5).
_MIRROR_SIGN = np.ones(FEATURES, np.float32)
_MIRROR_SIGN[0:42:2] = -1
_MIRROR_SIGN[[63, 66, 70]] = -1


def mirror_features(f: np.ndarray) -> np.ndarray:
    """The features of the same frames seen in a mirror (the image flipped left to right): a left
    hand swiping toward the image's left edge becomes a right hand swiping toward its right edge."""
    return f * _MIRROR_SIGN


def mirror_labels(labels: Sequence[str]) -> np.ndarray:
    """For each label's index, the index of its mirror image's label (the pairs of jesture_train.mirror)."""
    from .mirror import permutation   # imports onnx, which training needs only here

    return np.array(permutation(labels))


def resample(f: np.ndarray, n: int = CLIP_STEPS, speed: float = 1.0, offset: float = 0.0) -> np.ndarray:
    """n steps around the clip's middle, ``speed`` frames apart (nearest frame; zeros outside)."""
    idx = np.round((len(f) - 1) / 2 + offset + (np.arange(n) - (n - 1) / 2) * speed).astype(int)
    out = np.zeros((n, f.shape[1]), np.float32)
    ok = (idx >= 0) & (idx < len(f))
    out[ok] = f[idx[ok]]
    return out


# The depth columns of the features (the landmarks' z relative to the wrist).
DEPTH = slice(42, 63)


class LandmarkNet(nn.Module):
    """Three dilated 1D convolutions over the per-frame features, mean and max pooled over time, one
    linear layer. With ``no_depth`` it zeroes the landmarks' depth on the way in, inside its own
    graph, so it reads the same features (and contract) while never using depth: the tracker's depth
    of rendered hands agrees little with the world's (docs/hands.md)."""

    def __init__(self, labels, width: int = 96, no_depth: bool = False):
        super().__init__()
        self.labels = list(labels)
        self.width = width
        self.no_depth = no_depth
        keep = None
        if no_depth:
            keep = torch.ones(FEATURES)
            keep[DEPTH] = 0
        # not saved with the weights: the flag rebuilds it, and older saved networks load unchanged
        self.register_buffer("keep", keep, persistent=False)
        last = max(128, width)
        self.body = nn.Sequential(
            nn.Conv1d(FEATURES, width, 3, padding=1), nn.BatchNorm1d(width), nn.ReLU(),
            nn.Conv1d(width, width, 3, padding=2, dilation=2), nn.BatchNorm1d(width), nn.ReLU(),
            nn.Conv1d(width, last, 3, padding=4, dilation=4), nn.BatchNorm1d(last), nn.ReLU())
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(2 * last, len(labels))

    def forward(self, x):  # [N, T, F]
        if self.keep is not None:
            x = x * self.keep
        h = self.body(x.transpose(1, 2))
        return self.fc(self.drop(torch.cat([h.mean(2), h.amax(2)], 1)))


class LandmarkEnsemble(nn.Module):
    """Several landmark networks of one label set as one: the mean of their log-softmax, which is
    jesture's ensemble product (EnsembleScores) computed inside the graph, so one file carries them."""

    def __init__(self, nets: Sequence[LandmarkNet]):
        super().__init__()
        if not nets:
            raise ValueError("an ensemble needs at least one network")
        self.labels = list(nets[0].labels)
        for n in nets[1:]:
            if list(n.labels) != self.labels:
                raise ValueError("the networks' label orders differ; train them from one label file")
        self.nets = nn.ModuleList(nets)

    def forward(self, x):
        return torch.stack([torch.log_softmax(n(x), 1) for n in self.nets]).mean(0)


def arch_name(net: nn.Module) -> str:
    """E.g. landmark-tcn-w96, landmark-tcn-w96-nodepth, or landmark-tcn-w96 x4 for an ensemble of four."""
    if isinstance(net, LandmarkEnsemble):
        return f"{arch_name(net.nets[0])} x{len(net.nets)}"
    return f"landmark-tcn-w{net.width}" + ("-nodepth" if net.no_depth else "")


def params(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def mflops(net: nn.Module, steps: int) -> float:
    """Multiply-adds times two of one clip of ``steps`` frames (convolutions and the final layer); an
    ensemble's is its members' sum."""
    if isinstance(net, LandmarkEnsemble):
        return sum(mflops(n, steps) for n in net.nets)
    macs = 0
    for m in net.body:
        if isinstance(m, nn.Conv1d):
            macs += m.in_channels * m.out_channels * m.kernel_size[0] * steps
    macs += net.fc.in_features * net.fc.out_features
    return 2 * macs / 1e6


def export_onnx(net: nn.Module, join: Mapping[str, str], out: Path, *, dataset: str,
                accuracy: Mapping[str, Any]) -> dict:
    """Writes ``net`` (a LandmarkNet or a LandmarkEnsemble) as a hands model that can join the pixel model whose metadata is ``join``: its
    labels reordered to that model's, its pixel contract copied, so the runtime can run both on one
    clip and fuse them. Returns the metadata written. Refuses an existing ``out``."""
    import io

    import onnx

    from . import contract
    from .export import save_atomically, verify_contract

    out = Path(out)
    if out.exists():
        raise ValueError(f"{out} exists; choose another --out (export never overwrites)")
    labels = json.loads(join["jesture.labels"])
    if sorted(labels) != sorted(net.labels):
        raise ValueError(f"the network's labels {sorted(net.labels)} are not the joined model's {sorted(labels)}")
    net = net.cpu().eval()
    order = torch.tensor([net.labels.index(label) for label in labels])

    class Joined(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, x):
            return self.net(x)[:, order]

    steps = int(join["jesture.clip_length"])
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(Joined().eval(), (torch.zeros(1, steps, FEATURES),), buf,
                          input_names=[contract.INPUT_NAME], output_names=[contract.OUTPUT_NAME],
                          dynamic_axes={contract.INPUT_NAME: {0: "batch"}, contract.OUTPUT_NAME: {0: "batch"}},
                          opset_version=13, do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    proto = onnx.load_from_string(buf.getvalue())
    meta = {k: join[k] for k in ("jesture.contract", "jesture.labels", "jesture.background_labels", "jesture.clip_length",
                                 "jesture.frame_height", "jesture.frame_width", "jesture.fps", "jesture.color_order",
                                 "jesture.mean", "jesture.std", "jesture.resize")}
    meta.update({
        contract.INPUT_KEY: "hands",
        contract.HANDS_KEY: json.dumps(contract.HANDS_SPEC),
        "jesture.arch": arch_name(net),
        "jesture.dataset": dataset,
        "jesture.accuracy": json.dumps(dict(accuracy)),
        "jesture.mflops": f"{mflops(net, steps):.1f}",
        "jesture.params": str(params(net)),
    })
    for key, value in meta.items():
        e = proto.metadata_props.add()
        e.key, e.value = key, value
    proto.producer_name = "jesture_train"
    proto.doc_string = "jesture landmark gesture classifier (reads MediaPipe Hands' landmarks)"
    onnx.checker.check_model(proto)
    verify_contract(proto)
    save_atomically(proto, out)
    return meta
