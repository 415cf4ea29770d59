"""Writes a tiny Jester-layout dataset with PIL: a bright square moving in a label-specific direction.

Used by the training smoke test (it needs no Java) and to check the loader against known motion.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import List, Sequence

import numpy as np
from PIL import Image, ImageDraw


def write_tiny_jester(root: Path, labels: Sequence[str], clips_per_class: int = 2, frames: int = 20,
                      size=(176, 100), val_fraction: float = 0.5, seed: int = 0) -> Path:
    """Label k moves a square along angle 2*pi*k/K (image x right, y down), starting at the centre."""
    rng = np.random.default_rng(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "jester-v1-labels.csv").write_text("\n".join(labels) + "\n")
    train: List[str] = []
    val: List[str] = []
    n = 0
    w, h = size
    for k, label in enumerate(labels):
        angle = 2 * math.pi * k / len(labels)
        for c in range(clips_per_class):
            n += 1
            clip_id = str(1000 + n)
            d = root / clip_id
            d.mkdir(exist_ok=True)
            bg = tuple(int(v) for v in rng.integers(0, 80, 3))
            for f in range(frames):
                img = Image.new("RGB", (w, h), bg)
                x = w / 2 + math.cos(angle) * 2.0 * f
                y = h / 2 + math.sin(angle) * 2.0 * f
                ImageDraw.Draw(img).rectangle([x - 6, y - 6, x + 6, y + 6], fill=(250, 220, 180))
                img.save(d / f"{f + 1:05d}.jpg", quality=92)
            (val if c < clips_per_class * val_fraction else train).append(f"{clip_id};{label}")
    (root / "jester-v1-train.csv").write_text("\n".join(train) + "\n")
    (root / "jester-v1-validation.csv").write_text("\n".join(val) + "\n")
    return root
