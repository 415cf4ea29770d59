"""Constants and helpers of the jesture model contract (docs/model-contract.md).

The Java runtime reads everything it needs from ONNX metadata written here, so nothing about the
model (labels, sizes, normalisation) is hard-coded on the Java side.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence

CONTRACT_VERSION = "1"

# The order of jester-v1-labels.csv. A model always carries its own list; this one is only the
# default for the fixture and a cross-check for datasets.
JESTER_LABELS: List[str] = [
    "Swiping Left",
    "Swiping Right",
    "Swiping Down",
    "Swiping Up",
    "Pulling Hand In",
    "Pushing Hand Away",
    "Sliding Two Fingers Left",
    "Sliding Two Fingers Right",
    "Sliding Two Fingers Down",
    "Sliding Two Fingers Up",
    "Pushing Two Fingers Away",
    "Pulling Two Fingers In",
    "Rolling Hand Forward",
    "Rolling Hand Backward",
    "Turning Hand Clockwise",
    "Turning Hand Counterclockwise",
    "Zooming In With Full Hand",
    "Zooming Out With Full Hand",
    "Zooming In With Two Fingers",
    "Zooming Out With Two Fingers",
    "Thumb Up",
    "Thumb Down",
    "Shaking Hand",
    "Stop Sign",
    "Drumming Fingers",
    "No gesture",
    "Doing other things",
]

BACKGROUND_LABELS: List[str] = ["No gesture", "Doing other things"]

# Kinetics-style statistics; any fixed values work as long as training and runtime agree, and the
# model carries them.
DEFAULT_MEAN: List[float] = [0.45, 0.45, 0.45]
DEFAULT_STD: List[float] = [0.225, 0.225, 0.225]
COLOR_ORDER = "RGB"
RESIZE_RULE = "cover_center_crop"
INPUT_NAME = "clip"
OUTPUT_NAME = "logits"
# Optional second output: the features the final linear layer reads, float [N, D]. Present exactly
# when the metadata has EMBEDDING_DIM_KEY (= D); models exported before it existed lack both.
EMBEDDING_NAME = "embedding"
EMBEDDING_DIM_KEY = "jesture.embedding_dim"

# Optional: what the graph's ``clip`` input holds. Absent or "rgb": the normalised frames
# [N,3,T,H,W]. "flow": optical flow between consecutive frames [N,2,T,H,W], which the runtime
# computes from those frames as FLOW_KEY describes. "hands": per model frame, the features of the
# hand MediaPipe Hands finds in the source frame [N,T,HAND_FEATURES], as HANDS_KEY describes
# (docs/model-contract.md). A hands model still declares a pixel contract (frame size,
# normalisation): that of the models it joins in an ensemble, whose clips it shares.
INPUT_KEY = "jesture.input"
FLOW_KEY = "jesture.flow"
HANDS_KEY = "jesture.hands"
HAND_FEATURES = 71
# The only hand recipe the runtime computes: MediaPipe Hands (lite) on every model frame, afresh,
# and the 71 features of bench/hand-landmarks/hands.py (io.jesture.internal.hands.HandFeatures).
HANDS_SPEC = {"tracker": "mediapipe-hands-lite", "tracking": "every-frame", "features": "hands-71-v1"}


def flow_spec(scale: float, clip: float, luma: Sequence[float]) -> Dict[str, Any]:
    """The recipe a runtime follows to turn a clip into a flow network's input (FLOW_KEY)."""
    return {"method": "dis", "preset": "medium", "grey": [float(w) for w in luma],
            "scale": float(scale), "clip": float(clip), "first_frame": "zero"}


def input_kind(meta: Mapping[str, str]) -> str:
    kind = meta.get(INPUT_KEY, "rgb")
    if kind not in ("rgb", "flow", "hands"):
        raise ValueError(f"{INPUT_KEY} is {kind!r}: expected rgb, flow or hands")
    return kind


def input_channels(meta: Mapping[str, str]) -> int:
    """Channels of a pixel model's input (3 frames, 2 flow); 0 for a hands model, which reads no pixels."""
    return {"rgb": 3, "flow": 2, "hands": 0}[input_kind(meta)]


REQUIRED_KEYS: List[str] = [
    "jesture.contract",
    "jesture.labels",
    "jesture.background_labels",
    "jesture.clip_length",
    "jesture.frame_height",
    "jesture.frame_width",
    "jesture.fps",
    "jesture.color_order",
    "jesture.mean",
    "jesture.std",
    "jesture.resize",
    "jesture.arch",
    "jesture.dataset",
    "jesture.accuracy",
    "jesture.mflops",
    "jesture.params",
]


def build_metadata(
    *,
    labels: Sequence[str],
    clip_length: int,
    frame_height: int,
    frame_width: int,
    fps: float,
    arch: str,
    dataset: str,
    accuracy: Mapping[str, Any],
    mflops: float,
    params: int,
    mean: Sequence[float] = DEFAULT_MEAN,
    std: Sequence[float] = DEFAULT_STD,
    background_labels: Optional[Sequence[str]] = None,
) -> Dict[str, str]:
    """Returns the metadata_props of a jesture model, every value a string."""
    if len(mean) != 3 or len(std) != 3:
        raise ValueError(f"mean and std need 3 values each, got mean={list(mean)} std={list(std)}")
    labels = list(labels)
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels must be unique, got {labels}")
    if background_labels is None:
        background_labels = [b for b in BACKGROUND_LABELS if b in labels]
    missing = [b for b in background_labels if b not in labels]
    if missing:
        raise ValueError(f"background labels {missing} are not among the model labels")
    fps_value: Any = int(fps) if float(fps).is_integer() else float(fps)
    return {
        "jesture.contract": CONTRACT_VERSION,
        "jesture.labels": json.dumps(labels),
        "jesture.background_labels": json.dumps(list(background_labels)),
        "jesture.clip_length": str(int(clip_length)),
        "jesture.frame_height": str(int(frame_height)),
        "jesture.frame_width": str(int(frame_width)),
        "jesture.fps": json.dumps(fps_value),
        "jesture.color_order": COLOR_ORDER,
        "jesture.mean": json.dumps([float(m) for m in mean]),
        "jesture.std": json.dumps([float(s) for s in std]),
        "jesture.resize": RESIZE_RULE,
        "jesture.arch": arch,
        "jesture.dataset": dataset,
        "jesture.accuracy": json.dumps(dict(accuracy)),
        "jesture.mflops": f"{mflops:.1f}",
        "jesture.params": str(int(params)),
    }
