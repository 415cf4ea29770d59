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
