"""bench/adabn/adabn.py: the folded export run by PyTorch, and the per-clip alignment of its statistics."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench" / "adabn"))
import adabn  # noqa: E402
from jesture_train import contract  # noqa: E402
from jesture_train.export import export_onnx, metadata_for  # noqa: E402
from jesture_train.models import ModelConfig, build_model  # noqa: E402


def _exported(tmp_path: Path):
    torch.manual_seed(0)
    cfg = ModelConfig(arch="r2plus1d", num_classes=len(contract.JESTER_LABELS), width=0.25, clip_len=8,
                      height=32, width_px=32)
    model = build_model(cfg)
    model.train()
    with torch.no_grad():                      # batch norm with statistics that are not 0 and 1
        for _ in range(3):
            model(torch.randn(4, 3, 8, 32, 32) * 2 + 0.5)
    model.eval()
    meta = metadata_for(model, cfg, labels=contract.JESTER_LABELS, fps=6, dataset="test", accuracy={})
    path = tmp_path / "m.onnx"
    export_onnx(model, cfg, path, meta)
    return model, path


def test_the_runner_gives_the_networks_logits(tmp_path):
    model, path = _exported(tmp_path)
    runner = adabn.OnnxRunner(path)
    x = torch.randn(3, 3, 8, 32, 32)
    with torch.no_grad():
        want = model(x)
    got = runner.run(x)
    assert torch.allclose(got, want, atol=1e-4), (got - want).abs().max()
    assert len(runner.convs) > 4 and runner.labels() == list(contract.JESTER_LABELS)


def test_aligning_to_the_clips_own_statistics_changes_nothing_and_other_statistics_do(tmp_path):
    _, path = _exported(tmp_path)
    runner = adabn.OnnxRunner(path)
    x = torch.randn(3, 3, 8, 32, 32)
    for unit in ("clip", "window"):
        collect = {}
        base = runner.run(x, collect=collect, unit=unit)
        n = 1 if unit == "clip" else 3
        own = {}
        for name, rows in collect.items():
            assert len(rows) == n
            arr = np.stack(rows)
            own[name + ":mean"], own[name + ":std"] = arr[:, 0].mean(0), np.sqrt((arr[:, 1] ** 2).mean(0))
        if unit == "clip":                     # the one clip's statistics are its own: identity
            assert torch.allclose(runner.run(x, 4, own, unit=unit), base, atol=1e-4)
        shifted = {k: (v + 1.0 if k.endswith(":mean") else v) for k, v in own.items()}
        assert not torch.allclose(runner.run(x, 4, shifted, unit=unit), base, atol=1e-3)
