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


def _logits_graph(proto):
    """Every node that ``logits`` depends on, in graph order: its op type, attributes and the bytes of
    the weights it reads (by position: the exporter numbers folded weights by node count, so their
    names shift when nodes are added)."""
    from onnx import numpy_helper

    weights = {i.name: numpy_helper.to_array(i).tobytes() for i in proto.graph.initializer}
    nodes = list(proto.graph.node)
    producer = {out: i for i, n in enumerate(nodes) for out in n.output}
    keep, todo = set(), ["logits"]
    while todo:
        i = producer.get(todo.pop())
        if i is not None and i not in keep:
            keep.add(i)
            todo.extend(nodes[i].input)
    return [(nodes[i].op_type, [a.SerializeToString() for a in nodes[i].attribute],
             [weights[name] for name in nodes[i].input if name in weights]) for i in sorted(keep)]


@pytest.mark.parametrize("arch", ["r2plus1d", "c3d"])
def test_embedding_output_leaves_the_logits_graph_unchanged(tmp_path, arch):
    import torch
    from jesture_train.export import WithEmbedding, export_onnx, final_linear, metadata_for
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
    # Node for node the same computation of the logits on the same weights: the embedding only adds
    # nodes that read tensors the old graph already computed.
    assert _logits_graph(plain) == _logits_graph(with_emb)
    emb_dims = [d.dim_param or d.dim_value for d in with_emb.graph.output[1].type.tensor_type.shape.dim]
    assert emb_dims == ["batch", dim]
    fc = final_linear(model)
    x = torch.randn(2, *cfg.input_shape(1)[1:])
    with torch.no_grad():
        logits, emb = WithEmbedding(model)(x)
        assert torch.equal(logits, model(x)) and emb.shape == (2, dim)
        # it begins with what the final layer reads
        assert torch.allclose(fc(emb[:, :fc.in_features]), logits, atol=1e-5)
        if arch == "r2plus1d":
            # then the last feature map, averaged over space, one block of T steps per channel: the
            # mean over those steps is the pooled vector again
            t = dim // fc.in_features - 1
            assert t >= 2 and dim == fc.in_features * (1 + t)
            steps = emb[:, fc.in_features:].reshape(2, fc.in_features, t)
            assert torch.allclose(steps.mean(2), emb[:, :fc.in_features], atol=1e-5)
        else:
            assert dim == fc.in_features


def test_fixture_has_an_embedding_model_and_a_plain_one(tmp_path):
    assert export_main(["--tiny-fixture", "--out", str(tmp_path)]) == 0
    info = json.loads((tmp_path / "fixture.json").read_text())
    meta = verify_contract(onnx.load(str(tmp_path / info["model"])))
    dim = info["embedding"]["shape"][1]
    # 40 pooled channels, then the same 40 channels at each time step of the last feature map
    assert int(meta[contract.EMBEDDING_DIM_KEY]) == dim and dim % 40 == 0 and dim >= 40 * 3
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
    # Same nodes, attributes and weights as the plain file (only a tensor renamed); the export that
    # writes the embedding from the start computes the logits the same way (its embedding also has
    # the per-time-step features, which an exported graph cannot add without new nodes).
    assert len(added.graph.node) == len(plain.graph.node)
    assert _logits_graph(plain) == _logits_graph(added) == _logits_graph(exported)
    assert export_main(["--add-embedding", str(out), "--out", str(tmp_path / "again.onnx")]) == 2
    assert export_main(["--add-embedding", str(tmp_path / "tiny_plain.onnx"), "--out", str(out)]) == 2  # exists
