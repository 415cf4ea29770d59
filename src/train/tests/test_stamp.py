import json

import onnx
import pytest

from jesture_train.stamp import main as stamp_main

VALUE = json.dumps({"standard": {"max_background": 0.04}, "strict": {"max_background": 0.03, "min_motion": 1.0}})


def meta(path):
    return {p.key: p.value for p in onnx.load(str(path)).metadata_props}


def test_stamp_adds_the_entry_and_keeps_the_graph(tiny, tmp_path):
    out = tmp_path / "stamped.onnx"
    assert stamp_main([str(tiny), "--key", "jesture.rejection", "--value", VALUE, "--out", str(out)]) == 0
    before, after = onnx.load(str(tiny)), onnx.load(str(out))
    assert meta(out)["jesture.rejection"] == VALUE
    assert {k: v for k, v in meta(out).items() if k != "jesture.rejection"} == meta(tiny)
    assert before.graph.SerializeToString() == after.graph.SerializeToString()


def test_stamp_refuses_to_overwrite_silently(tiny, tmp_path, capsys):
    assert stamp_main([str(tiny), "--key", "jesture.rejection", "--value", VALUE, "--in-place"]) == 0
    other = json.dumps({"standard": {"max_background": 0.5}})
    assert stamp_main([str(tiny), "--key", "jesture.rejection", "--value", other, "--in-place"]) == 2
    assert "--replace" in capsys.readouterr().err
    assert meta(tiny)["jesture.rejection"] == VALUE
    assert stamp_main([str(tiny), "--key", "jesture.rejection", "--value", other, "--in-place", "--replace"]) == 0
    assert meta(tiny)["jesture.rejection"] == other
    assert list(meta(tiny)).count("jesture.rejection") == 1
    # an existing output file is never overwritten
    assert stamp_main([str(tiny), "--key", "jesture.rejection", "--value", VALUE, "--out", str(tiny)]) == 2


def test_stamp_refuses_contract_keys_and_bad_json(tiny):
    assert stamp_main([str(tiny), "--key", "jesture.labels", "--value", "[]", "--in-place"]) == 2
    assert stamp_main([str(tiny), "--key", "jesture.rejection", "--value", "{not json", "--in-place"]) == 2
