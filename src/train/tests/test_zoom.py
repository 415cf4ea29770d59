import json

import numpy as np
import onnx
import pytest

from jesture_train.fuse import main as fuse_main
from jesture_train.zoom import geometry, main as zoom_main
from ort_java import run_ort


def meta(path):
    return {p.key: p.value for p in onnx.load(str(path)).metadata_props}


def resize_bilinear(x: np.ndarray, h: int, w: int) -> np.ndarray:
    """x [..., H, W] to [..., h, w]: bilinear, half-pixel centres, edges clamped (ONNX Resize's linear)."""
    H, W = x.shape[-2:]

    def taps(n_out, n_in):
        c = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
        c = np.clip(c, 0, n_in - 1)
        lo = np.floor(c).astype(int)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, (c - lo).astype(np.float64)

    ylo, yhi, fy = taps(h, H)
    xlo, xhi, fx = taps(w, W)
    rows = x[..., ylo, :] * (1 - fy)[:, None] + x[..., yhi, :] * fy[:, None]
    return rows[..., xlo] * (1 - fx) + rows[..., xhi] * fx


def zoomed_by_hand(x: np.ndarray, scale: float) -> np.ndarray:
    H, W = x.shape[-2:]
    (h, w), (top, left, bottom, right) = geometry(H, W, scale)
    if scale > 1:
        return resize_bilinear(x[..., top:top + h, left:left + w], H, W)
    small = resize_bilinear(x, h, w)
    pad = [(0, 0)] * (x.ndim - 2) + [(top, bottom), (left, right)]
    return np.pad(small, pad, mode="edge")


@pytest.mark.parametrize("scale", [1.25, 0.8])
def test_the_zoomed_look_is_the_network_on_the_zoomed_clip(tiny, tmp_path, scale):
    out = tmp_path / f"tiny-zoom{scale}.onnx"
    assert zoom_main([str(tiny), "--scale", str(scale), "--out", str(out)]) == 0
    x = np.random.default_rng(7).standard_normal((2, 3, 8, 32, 32)).astype(np.float32)
    by_hand = zoomed_by_hand(x.astype(np.float64), scale).astype(np.float32)
    expected = run_ort(tiny, by_hand, tmp_path / "expected")["logits"]
    looked = run_ort(out, x, tmp_path / "looked")["logits"]
    plain = run_ort(tiny, x, tmp_path / "plain")["logits"]
    # the fixture must tell a zoomed clip from the plain one for the test to mean anything
    assert np.abs(expected - plain).max() > 1e-3
    assert np.allclose(looked, expected, atol=1e-4), np.abs(looked - expected).max()
    m = meta(out)
    assert m["jesture.arch"].startswith(f"zoom{scale:g}(") and "jesture.rejection" not in m
    assert json.loads(m["jesture.zoom_of"])["scale"] == scale
    both = tmp_path / "both.onnx"
    assert fuse_main([str(tiny), str(out), "--out", str(both)]) == 0
    assert float(meta(both)["jesture.mflops"]) == pytest.approx(2 * float(meta(tiny)["jesture.mflops"]))


def test_geometry_keeps_the_centre():
    assert geometry(64, 88, 1.25) == ((51, 70), (6, 9, 7, 9))
    assert geometry(64, 88, 0.8) == ((51, 70), (6, 9, 7, 9))
    for bad in (1.0, 0.3, 3.0):
        with pytest.raises(ValueError, match="--scale"):
            geometry(64, 88, bad)


def test_zoom_refuses_to_overwrite_to_zoom_twice_or_a_missing_model(tiny, tmp_path, capsys):
    out = tmp_path / "z.onnx"
    out.write_bytes(b"keep me")
    assert zoom_main([str(tiny), "--scale", "1.25", "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and out.read_bytes() == b"keep me"
    once = tmp_path / "once.onnx"
    assert zoom_main([str(tiny), "--scale", "1.25", "--out", str(once)]) == 0
    assert zoom_main([str(once), "--scale", "0.8", "--out", str(tmp_path / "twice.onnx")]) == 2
    assert "already a zoomed look" in capsys.readouterr().err
    assert zoom_main([str(tiny), "--scale", "1", "--out", str(tmp_path / "one.onnx")]) == 2
    assert "--scale" in capsys.readouterr().err
    assert zoom_main([str(tmp_path / "none.onnx"), "--scale", "1.25", "--out", str(tmp_path / "x.onnx")]) == 2
