import json

import numpy as np
import onnx
import pytest

from jesture_train import contract
from jesture_train.export import main as export_main, verify_contract


def test_tiny_fixture_writes_a_contract_model_with_matching_files(tmp_path):
    assert export_main(["--tiny-fixture", "--out", str(tmp_path)]) == 0
    info = json.loads((tmp_path / "fixture.json").read_text())
    proto = onnx.load(str(tmp_path / "tiny.onnx"))
    onnx.checker.check_model(proto)
    meta = verify_contract(proto)
    assert set(contract.REQUIRED_KEYS) <= set(meta)
    assert json.loads(meta["jesture.labels"]) == contract.JESTER_LABELS
    assert json.loads(meta["jesture.background_labels"]) == ["No gesture", "Doing other things"]
    assert int(meta["jesture.clip_length"]) == info["input"]["shape"][2] == 8
    assert json.loads(meta["jesture.mean"]) == contract.DEFAULT_MEAN
    assert float(meta["jesture.mflops"]) > 0 and int(meta["jesture.params"]) > 0
    x = np.fromfile(tmp_path / "input.bin", "<f4")
    y = np.fromfile(tmp_path / "logits.bin", "<f4")
    assert x.size == np.prod(info["input"]["shape"]) and y.size == np.prod(info["logits"]["shape"])
    # Distinct rows and non-constant logits: a fixture where every output is equal would let a
    # broken runtime pass the Java comparison.
    y = y.reshape(info["logits"]["shape"])
    assert y.std() > 1e-3 and not np.allclose(y[0], y[1])


def test_fixture_is_deterministic(tmp_path):
    export_main(["--tiny-fixture", "--out", str(tmp_path / "a")])
    export_main(["--tiny-fixture", "--out", str(tmp_path / "b")])
    assert (tmp_path / "a" / "logits.bin").read_bytes() == (tmp_path / "b" / "logits.bin").read_bytes()


def test_metadata_rejects_unknown_background_label():
    with pytest.raises(ValueError, match="background"):
        contract.build_metadata(labels=["a", "b"], clip_length=8, frame_height=8, frame_width=8, fps=12,
                                arch="x", dataset="d", accuracy={}, mflops=1, params=1,
                                background_labels=["No gesture"])


def _graph_without_embedding(proto):
    """(op types with attributes, initializer bytes) with the export wrapper's ``model.`` prefix removed."""
    from onnx import numpy_helper

    nodes = [(n.op_type, [a.SerializeToString() for a in n.attribute]) for n in proto.graph.node]
    inits = {i.name[len("model."):] if i.name.startswith("model.") else i.name: numpy_helper.to_array(i).tobytes()
             for i in proto.graph.initializer}
    return nodes, inits


@pytest.mark.parametrize("arch", ["r2plus1d", "c3d"])
def test_embedding_output_leaves_the_logits_graph_unchanged(tmp_path, arch):
    import torch
    from jesture_train.export import WithEmbedding, export_onnx, metadata_for
    from jesture_train.models import ModelConfig, build_model

    torch.manual_seed(3)
    cfg = ModelConfig(arch=arch, num_classes=27, width=0.25, clip_len=8, height=32, width_px=32)
    model = build_model(cfg).eval()
    meta = metadata_for(model, cfg, labels=contract.JESTER_LABELS, fps=12, dataset="d", accuracy={})
    plain = export_onnx(model, cfg, tmp_path / "plain.onnx", meta, embedding=False)
    with_emb = export_onnx(model, cfg, tmp_path / "emb.onnx", meta)
    assert [o.name for o in plain.graph.output] == ["logits"]
    assert [o.name for o in with_emb.graph.output] == ["logits", "embedding"]
    dim = int(verify_contract(with_emb)[contract.EMBEDDING_DIM_KEY])
    assert contract.EMBEDDING_DIM_KEY not in verify_contract(plain)
    # Node for node the same computation on the same weights: the embedding is a tensor the old
    # graph already computed (the input of the final Gemm), now also named as an output.
    assert _graph_without_embedding(plain) == _graph_without_embedding(with_emb)
    gemm = [n for n in with_emb.graph.node if n.output[0] == "logits"][0]
    assert gemm.op_type == "Gemm" and gemm.input[0] == "embedding"
    emb_dims = [d.dim_param or d.dim_value for d in with_emb.graph.output[1].type.tensor_type.shape.dim]
    assert emb_dims == ["batch", dim]
    x = torch.randn(2, *cfg.input_shape(1)[1:])
    with torch.no_grad():
        logits, emb = WithEmbedding(model)(x)
        assert torch.equal(logits, model(x)) and emb.shape == (2, dim)


def test_fixture_has_an_embedding_model_and_a_plain_one(tmp_path):
    assert export_main(["--tiny-fixture", "--out", str(tmp_path)]) == 0
    info = json.loads((tmp_path / "fixture.json").read_text())
    meta = verify_contract(onnx.load(str(tmp_path / info["model"])))
    assert int(meta[contract.EMBEDDING_DIM_KEY]) == info["embedding"]["shape"][1] == 40
    assert contract.EMBEDDING_DIM_KEY not in verify_contract(onnx.load(str(tmp_path / info["plain_model"])))
    e = np.fromfile(tmp_path / "embedding.bin", "<f4").reshape(info["embedding"]["shape"])
    assert e.std() > 1e-3 and not np.allclose(e[0], e[1])


def test_a_graph_whose_outputs_disagree_with_the_embedding_key_is_refused(tmp_path):
    assert export_main(["--tiny-fixture", "--out", str(tmp_path)]) == 0
    proto = onnx.load(str(tmp_path / "tiny_plain.onnx"))
    entry = proto.metadata_props.add()
    entry.key, entry.value = contract.EMBEDDING_DIM_KEY, "40"
    with pytest.raises(ValueError, match="embedding"):
        verify_contract(proto)


def test_add_embedding_to_an_exported_model_changes_no_node_or_weight(tmp_path):
    assert export_main(["--tiny-fixture", "--out", str(tmp_path)]) == 0
    out = tmp_path / "added.onnx"
    assert export_main(["--add-embedding", str(tmp_path / "tiny_plain.onnx"), "--out", str(out)]) == 0
    plain, added, exported = (onnx.load(str(p)) for p in (tmp_path / "tiny_plain.onnx", out, tmp_path / "tiny.onnx"))
    assert [o.name for o in added.graph.output] == ["logits", "embedding"]
    assert verify_contract(added)[contract.EMBEDDING_DIM_KEY] == "40"
    # Same nodes, attributes and weights as the plain file (only a tensor renamed), and as the export
    # that wrote the embedding from the start.
    assert _graph_without_embedding(plain) == _graph_without_embedding(added) == _graph_without_embedding(exported)
    assert export_main(["--add-embedding", str(out), "--out", str(tmp_path / "again.onnx")]) == 2
    assert export_main(["--add-embedding", str(tmp_path / "tiny_plain.onnx"), "--out", str(out)]) == 2  # exists
