"""The TensorFlow Lite converter against an independent reading of the same graph.

The reference below runs the TensorFlow Lite graph as the file describes it, in NHWC and in numpy,
operator by operator; the converted model runs in ONNX Runtime for Java in NCHW. They must agree on
MediaPipe's palm detector and hand landmark model (models/hands/), which exercise every operator the
converter accepts: a transposed weight, a wrong padding rule or a RESHAPE read in the wrong element
order moves the outputs by far more than the tolerance.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from jesture_train import tflite
from ort_java import run_ort

HANDS = Path(__file__).resolve().parents[3] / "models" / "hands"


def _act(x, code):
    if code == 1:
        return np.maximum(x, 0)
    if code == 3:
        return np.clip(x, 0, 6)
    assert code == 0, code
    return x


def _pad_same(x, kh, kw, sh, sw, fill=0.0):
    """TensorFlow's SAME padding: the odd pixel goes after."""
    _, h, w, _ = x.shape
    ph = max((math.ceil(h / sh) - 1) * sh + kh - h, 0)
    pw = max((math.ceil(w / sw) - 1) * sw + kw - w, 0)
    return np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)), constant_values=fill)


def _windows(x, kh, kw, sh, sw):
    """[N, OH, OW, C, kh, kw] views of x."""
    v = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    return v[:, ::sh, ::sw]


def _resize_bilinear(x, oh, ow, align, half):
    def taps(n_in, n_out):
        i = np.arange(n_out, dtype=np.float64)
        if align and n_out > 1:
            src = i * (n_in - 1) / (n_out - 1)
        elif half:
            src = (i + 0.5) * n_in / n_out - 0.5
        else:
            src = i * n_in / n_out
        src = np.clip(src, 0, n_in - 1)
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, (src - lo)[:, None]
    _, h, w, _ = x.shape
    ylo, yhi, fy = taps(h, oh)
    xlo, xhi, fx = taps(w, ow)
    rows = x[:, ylo] * (1 - fy[None, :, :, None]) + x[:, yhi] * fy[None, :, :, None]
    return rows[:, :, xlo] * (1 - fx[None, None]) + rows[:, :, xhi] * fx[None, None]


def reference(buf: bytes, x_nhwc: np.ndarray):
    """Every output of the TensorFlow Lite graph in ``buf`` on ``x_nhwc``, by output name."""
    model = tflite._root(buf)
    codes = [max(c.scalar(0, "b"), c.scalar(3, "i")) for c in model.tables(1)]
    graph = model.tables(2)[0]
    buffers = [b.raw(0) for b in model.tables(4)]
    tensors = graph.tables(0)
    dtypes = {0: np.float32, 1: np.float16, 2: np.int32}
    val = {}
    for i, t in enumerate(tensors):
        data = buffers[t.scalar(2, "I")]
        if data:
            val[i] = np.frombuffer(data, dtypes[t.scalar(1, "b")]).reshape(t.ints(0)).astype(
                np.float64 if t.scalar(1, "b") != 2 else np.int64)
    (inp,) = graph.ints(1)
    val[inp] = x_nhwc.astype(np.float64)
    for op in graph.tables(3):
        code, ins, outs, o = codes[op.scalar(0, "I")], op.ints(1), op.ints(2), op.table(4)
        a = val.get(ins[0])
        if code == tflite.DEQUANTIZE:
            r = a
        elif code == tflite.CONV_2D:
            w, b = val[ins[1]], val[ins[2]]
            kh, kw = w.shape[1:3]
            sh, sw = o.scalar(2, "i", 1), o.scalar(1, "i", 1)
            src = _pad_same(a, kh, kw, sh, sw) if o.scalar(0, "b") == 0 else a
            r = _act(np.einsum("nhwcij,oijc->nhwo", _windows(src, kh, kw, sh, sw), w) + b, o.scalar(3, "b"))
        elif code == tflite.DEPTHWISE_CONV_2D:
            w, b = val[ins[1]], val[ins[2]]
            kh, kw = w.shape[1:3]
            sh, sw = o.scalar(2, "i", 1), o.scalar(1, "i", 1)
            src = _pad_same(a, kh, kw, sh, sw) if o.scalar(0, "b") == 0 else a
            r = _act(np.einsum("nhwcij,ijc->nhwc", _windows(src, kh, kw, sh, sw), w[0]) + b, o.scalar(4, "b"))
        elif code == tflite.MAX_POOL_2D:
            kh, kw, sh, sw = o.scalar(4, "i"), o.scalar(3, "i"), o.scalar(2, "i", 1), o.scalar(1, "i", 1)
            src = _pad_same(a, kh, kw, sh, sw, -np.inf) if o.scalar(0, "b") == 0 else a
            r = _act(_windows(src, kh, kw, sh, sw).max(axis=(4, 5)), o.scalar(5, "b"))
        elif code == tflite.ADD:
            r = _act(a + val[ins[1]], o.scalar(0, "b") if o else 0)
        elif code == tflite.PRELU:
            r = np.where(a >= 0, a, a * val[ins[1]])
        elif code == tflite.PAD:
            r = np.pad(a, val[ins[1]].astype(int))
        elif code == tflite.RESIZE_BILINEAR:
            oh, ow = val[ins[1]]
            r = _resize_bilinear(a, int(oh), int(ow), o.scalar(2, "b"), o.scalar(3, "b"))
        elif code == tflite.RESHAPE:
            r = a.reshape([-1] + tensors[outs[0]].ints(0)[1:])
        elif code == tflite.CONCATENATION:
            r = _act(np.concatenate([val[i] for i in ins], axis=o.scalar(0, "i")), o.scalar(1, "b"))
        elif code == tflite.MEAN:
            r = a.mean(axis=tuple(int(v) for v in np.atleast_1d(val[ins[1]])), keepdims=bool(o.scalar(0, "b")))
        elif code == tflite.FULLY_CONNECTED:
            w = val[ins[1]]
            r = a.reshape(-1, w.shape[1]) @ w.T + (val[ins[2]] if len(ins) > 2 and ins[2] >= 0 else 0)
            r = _act(r, o.scalar(0, "b")).reshape([-1] + tensors[outs[0]].ints(0)[1:])
        elif code == tflite.LOGISTIC:
            r = 1 / (1 + np.exp(-a))
        else:
            raise AssertionError(f"operator {code} has no reference")
        val[outs[0]] = r
    return {tensors[i].string(3): val[i] for i in graph.ints(2)}


@pytest.mark.parametrize("name,size", [("palm_detection_lite", 192), ("hand_landmark_lite", 224)])
def test_the_onnx_graph_computes_what_the_tflite_graph_says(name, size, tmp_path):
    src = HANDS / f"{name}.tflite"
    buf = src.read_bytes()
    out = tmp_path / f"{name}.onnx"
    assert tflite.main([str(src), "--out", str(out)]) == 0
    x = np.random.default_rng(3).uniform(0, 1, (2, size, size, 3)).astype(np.float32)
    want = reference(buf, x)
    got = run_ort(out, np.ascontiguousarray(x.transpose(0, 3, 1, 2)), tmp_path / "ort")
    assert set(got) == set(want)
    for k, w in want.items():
        g = got[k].reshape(w.shape)
        scale = max(1.0, float(np.abs(w).max()))
        assert np.abs(g - w).max() <= 2e-3 * scale, f"{name} output {k}: max error {np.abs(g - w).max()} of scale {scale}"


def test_refuses_what_it_cannot_convert_and_never_overwrites(tmp_path, capsys):
    junk = tmp_path / "junk.tflite"
    junk.write_bytes(b"\x00" * 64)
    assert tflite.main([str(junk), "--out", str(tmp_path / "a.onnx")]) == 2
    assert "not a TensorFlow Lite file" in capsys.readouterr().err
    taken = tmp_path / "taken.onnx"
    taken.write_bytes(b"keep")
    assert tflite.main([str(HANDS / "palm_detection_lite.tflite"), "--out", str(taken)]) == 2
    assert "exists" in capsys.readouterr().err
    assert taken.read_bytes() == b"keep"
    assert tflite.main([str(tmp_path / "absent.tflite"), "--out", str(tmp_path / "b.onnx")]) == 2
