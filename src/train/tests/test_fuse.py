import json

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from jesture_train.export import main as export_main
from jesture_train.fuse import main as fuse_main
from ort_java import run_ort


@pytest.fixture()
def members(tmp_path):
    """The contract fixture and a copy with other weights: two members that disagree."""
    assert export_main(["--tiny-fixture", "--out", str(tmp_path / "fx")]) == 0
    a = tmp_path / "fx" / "tiny.onnx"
    proto = onnx.load(str(a))
    rng = np.random.default_rng(7)
    for i, init in enumerate(proto.graph.initializer):
        w = numpy_helper.to_array(init)
        if w.dtype == np.float32 and w.size > 1:
            proto.graph.initializer[i].CopyFrom(
                numpy_helper.from_array((w * rng.uniform(0.5, 1.5, w.shape)).astype(np.float32), init.name))
    b = tmp_path / "other.onnx"
    onnx.save(proto, str(b))
    return a, b


def meta(path):
    return {p.key: p.value for p in onnx.load(str(path)).metadata_props}


def log_softmax(x):
    m = x.max(axis=1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))


def test_a_fused_model_computes_the_runtime_ensemble(members, tmp_path):
    a, b = members
    out = tmp_path / "pair.onnx"
    assert fuse_main([str(a), str(b), "--out", str(out)]) == 0
    x = np.random.default_rng(3).standard_normal((2, 3, 8, 32, 32)).astype(np.float32)
    ra, rb, rf = (run_ort(m, x, tmp_path / m.stem) for m in (a, b, out))
    la, lb, lf = (r["logits"].reshape(2, -1) for r in (ra, rb, rf))
    assert np.abs(la - lb).max() > 0.05, "the members must disagree for the test to mean anything"
    # EnsembleScores: softmax of the mean log-probabilities, log-sum-exp the mean of the members'
    product = log_softmax((log_softmax(la) + log_softmax(lb)) / 2)
    lse = lambda v: np.log(np.exp(v).sum(axis=1))  # noqa: E731
    assert np.allclose(log_softmax(lf), product, atol=1e-5)
    assert np.allclose(lse(lf), (lse(la) + lse(lb)) / 2, atol=1e-5)
    emb = rf["embedding"].reshape(2, -1)
    assert np.allclose(emb, np.concatenate([ra["embedding"].reshape(2, -1), rb["embedding"].reshape(2, -1)], axis=1))
    m = meta(out)
    assert m["jesture.embedding_dim"] == str(2 * int(meta(a)["jesture.embedding_dim"]))
    assert float(m["jesture.mflops"]) == pytest.approx(2 * float(meta(a)["jesture.mflops"]))
    assert [e["file"] for e in json.loads(m["jesture.members"])] == ["tiny.onnx", "other.onnx"]
    assert "jesture.rejection" not in m


def test_fuse_refuses_members_that_cannot_share_a_clip_and_never_overwrites(members, tmp_path, capsys):
    a, b = members
    proto = onnx.load(str(b))
    for p in proto.metadata_props:
        if p.key == "jesture.fps":
            p.value = "6"
    odd = tmp_path / "odd.onnx"
    onnx.save(proto, str(odd))
    assert fuse_main([str(a), str(odd), "--out", str(tmp_path / "x.onnx")]) == 2
    assert "jesture.fps" in capsys.readouterr().err
    assert not (tmp_path / "x.onnx").exists()

    out = tmp_path / "pair.onnx"
    out.write_bytes(b"keep me")
    assert fuse_main([str(a), str(b), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert fuse_main([str(a), "--out", str(tmp_path / "one.onnx")]) == 2
