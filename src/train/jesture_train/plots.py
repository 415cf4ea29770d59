"""Training curves and confusion matrix as PNG (matplotlib, headless)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def plot_curves(history: List[Dict[str, Any]], out: Path, title: str = "") -> None:
    epochs = [h["epoch"] + 1 for h in history]
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    for key, style, name in (("train_loss", "-", "train"), ("val_loss", "--", "validation")):
        ax_loss.plot(epochs, [h.get(key) for h in history], style, marker="o", ms=3, label=name)
    for key, style, name in (("train_acc", "-", "train"), ("val_acc", "--", "validation")):
        ax_acc.plot(epochs, [100 * h[key] if h.get(key) is not None else None for h in history],
                    style, marker="o", ms=3, label=name)
    ax_loss.set_xlabel("epoch"), ax_loss.set_ylabel("cross-entropy loss"), ax_loss.set_title("loss")
    ax_acc.set_xlabel("epoch"), ax_acc.set_ylabel("top-1 accuracy (%)"), ax_acc.set_title("accuracy")
    ax_acc.set_ylim(0, 100)
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_confusion(matrix: np.ndarray, labels: Sequence[str], out: Path, title: str = "") -> None:
    """Row-normalised confusion matrix (rows: true class, columns: predicted), counts in cells."""
    k = len(labels)
    rows = matrix.sum(1, keepdims=True)
    norm = np.divide(matrix, rows, out=np.zeros_like(matrix, dtype=float), where=rows > 0)
    size = max(6.0, 0.42 * k + 3)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xticklabels(labels, rotation=90, fontsize=7)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for i in range(k):
        for j in range(k):
            if matrix[i, j]:
                ax.text(j, i, str(int(matrix[i, j])), ha="center", va="center", fontsize=5.5,
                        color="white" if norm[i, j] > 0.5 else "black")
    if title:
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
