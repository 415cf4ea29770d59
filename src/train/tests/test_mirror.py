import json

import numpy as np
import onnx
import pytest

from jesture_train.contract import JESTER_LABELS
from jesture_train.fuse import main as fuse_main
from jesture_train.mirror import main as mirror_main, permutation
from ort_java import run_ort


def meta(path):
    return {p.key: p.value for p in onnx.load(str(path)).metadata_props}


def test_the_mirrored_look_is_the_network_on_the_mirrored_clip_read_back_through_the_mirror(tiny, tmp_path):
    out = tmp_path / "tiny-mirror.onnx"
    assert mirror_main([str(tiny), "--out", str(out)]) == 0
    x = np.random.default_rng(5).standard_normal((2, 3, 8, 32, 32)).astype(np.float32)
    flipped = np.ascontiguousarray(x[..., ::-1])
    plain = run_ort(tiny, flipped, tmp_path / "plain")["logits"].reshape(2, -1)
    looked = run_ort(out, x, tmp_path / "looked")["logits"].reshape(2, -1)
    unflipped = run_ort(tiny, x, tmp_path / "unflipped")["logits"].reshape(2, -1)
    labels = json.loads(meta(tiny)["jesture.labels"])
    i, j = labels.index("Swiping Left"), labels.index("Swiping Right")
    # the fixture's logits must tell the two looks and the two labels apart for the test to mean anything
    assert np.abs(plain - unflipped).max() > 1e-3 and np.abs(plain[:, i] - plain[:, j]).max() > 1e-3
    assert np.allclose(looked[:, i], plain[:, j], atol=1e-5) and np.allclose(looked[:, j], plain[:, i], atol=1e-5)
    k = labels.index("Turning Hand Clockwise")
    kk = labels.index("Turning Hand Counterclockwise")
    assert np.allclose(looked[:, k], plain[:, kk], atol=1e-5)
    s = labels.index("Stop Sign")
    assert np.allclose(looked[:, s], plain[:, s], atol=1e-5)
    m = meta(out)
    assert m["jesture.arch"].startswith("mirror(") and "jesture.rejection" not in m
    assert json.loads(m["jesture.mirror_of"])["file"] == "tiny.onnx"
    # the two looks fuse into one model
    both = tmp_path / "both.onnx"
    assert fuse_main([str(tiny), str(out), "--out", str(both)]) == 0
    assert float(meta(both)["jesture.mflops"]) == pytest.approx(2 * float(meta(tiny)["jesture.mflops"]))


def test_the_permutation_trades_exactly_the_three_mirror_pairs():
    perm = permutation(JESTER_LABELS)
    moved = {JESTER_LABELS[i]: JESTER_LABELS[p] for i, p in enumerate(perm) if i != p}
    assert moved == {"Swiping Left": "Swiping Right", "Swiping Right": "Swiping Left",
                     "Sliding Two Fingers Left": "Sliding Two Fingers Right",
                     "Sliding Two Fingers Right": "Sliding Two Fingers Left",
                     "Turning Hand Clockwise": "Turning Hand Counterclockwise",
                     "Turning Hand Counterclockwise": "Turning Hand Clockwise"}
    assert permutation(["wave", "fist"]) == [0, 1]
    with pytest.raises(ValueError, match="Swiping Right"):
        permutation(["Swiping Left", "No gesture"])
    with pytest.raises(ValueError, match="directional"):
        permutation(["Swipe Left", "Swipe Right"])


def test_mirror_refuses_to_overwrite_or_to_mirror_twice(tiny, tmp_path, capsys):
    out = tmp_path / "m.onnx"
    out.write_bytes(b"keep me")
    assert mirror_main([str(tiny), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and out.read_bytes() == b"keep me"
    once = tmp_path / "once.onnx"
    assert mirror_main([str(tiny), "--out", str(once)]) == 0
    assert mirror_main([str(once), "--out", str(tmp_path / "twice.onnx")]) == 2
    assert "already a mirrored look" in capsys.readouterr().err
    assert mirror_main([str(tmp_path / "none.onnx"), "--out", str(tmp_path / "x.onnx")]) == 2
