"""bench/palm-features: MediaPipe's palm detector rebuilt in PyTorch as a frozen feature extractor,
the cut ONNX graph the extraction runs, and the exported whole (extractor and network), each held to
ONNX Runtime (Java) on the same input. A wrong padding, a channel pad on the wrong axis or a resize
with the wrong pixel centres moves the features by far more than the tolerance."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch

from jesture_train import tflite
from ort_java import run_ort

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench" / "palm-features"))
import extract  # noqa: E402
import palm_head  # noqa: E402
import palmnet  # noqa: E402


def _palm(tmp_path) -> Path:
    out = tmp_path / "palm.onnx"
    assert tflite.main([str(ROOT / "models" / "hands" / "palm_detection_lite.tflite"), "--out", str(out)]) == 0
    return out


def test_the_pytorch_backbone_and_the_cut_graph_give_onnx_runtimes_features(tmp_path):
    palm = _palm(tmp_path)
    cut = extract.cut_model(palm, tmp_path / "cut.onnx")
    assert [o.name for o in onnx.load(str(cut)).graph.output] == ["features"]
    x = np.random.default_rng(5).uniform(0, 1, (2, 3, extract.H, extract.W)).astype(np.float32)
    got = run_ort(cut, x, tmp_path / "ort")["features"].reshape(2, 256, extract.H // 16, extract.W // 16)
    with torch.no_grad():
        mine = palmnet.PalmBackbone(palm)(torch.from_numpy(x)).numpy()
    assert np.abs(got).mean() > 0.1, "the features are all but zero: the cut is in the wrong place"
    assert np.abs(mine - got).max() <= 2e-3 * max(1.0, float(np.abs(got).max()))


def test_the_exported_model_is_a_pixel_model_whose_logits_are_pytorchs(tmp_path):
    palm = _palm(tmp_path)
    labels = [f"class {i}" for i in range(5)] + ["No gesture", "Doing other things"]
    torch.manual_seed(0)
    head = palm_head.PalmHead(len(labels), width=8).eval()
    net = tmp_path / "net.pt"
    torch.save(dict(state=head.state_dict(), labels=labels, width=8, val=0.5, epoch=1), net)
    # the joined model lists the labels in another order: the export must follow it
    joined_labels = labels[::-1]
    join = onnx.helper.make_model(onnx.helper.make_graph([], "j", [], []))
    for k, v in {"jesture.contract": "1", "jesture.labels": json.dumps(joined_labels),
                 "jesture.background_labels": json.dumps(["No gesture", "Doing other things"]), "jesture.fps": "6"}.items():
        e = join.metadata_props.add()
        e.key, e.value = k, v
    onnx.save(join, str(tmp_path / "join.onnx"))
    out = tmp_path / "whole.onnx"
    assert palm_head.main(["export", "--net", str(net), "--join", str(tmp_path / "join.onnx"), "--palm", str(palm),
                           "--dataset", "test", "--out", str(out)]) == 0
    meta = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
    assert json.loads(meta["jesture.labels"]) == joined_labels
    assert (meta["jesture.frame_height"], meta["jesture.frame_width"], meta["jesture.clip_length"]) == ("128", "224", "16")
    # the detector alone does 182.6 million multiply-adds on a 224 x 128 frame, 16 frames a clip
    assert 2 * 182 * 16 < float(meta["jesture.mflops"]) < 2 * 183 * 16 + 1000
    x = np.random.default_rng(6).uniform(0, 1, (1, 3, 16, extract.H, extract.W)).astype(np.float32)
    got = run_ort(out, x, tmp_path / "ort")["logits"]
    with torch.no_grad():
        f = palmnet.PalmBackbone(palm)(torch.from_numpy(x[0].transpose(1, 0, 2, 3).copy()))
        want = head(f[None])[0].numpy()
    want = want[[labels.index(label) for label in joined_labels]]
    assert np.abs(got - want).max() <= 1e-3 * max(1.0, float(np.abs(want).max()))
    assert palm_head.main(["export", "--net", str(net), "--join", str(tmp_path / "join.onnx"), "--palm", str(palm),
                           "--dataset", "test", "--out", str(out)]) == 2, "export must never overwrite"
