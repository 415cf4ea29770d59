"""Convert a TensorFlow Lite image network (MediaPipe's hand models) to ONNX, so that jesture runs it
with the ONNX Runtime it already ships.

    python3 -m jesture_train.tflite IN.tflite --out OUT.onnx

Written for MediaPipe Hands' palm detector and hand landmark model (Apache-2.0, published in the
npm package ``@mediapipe/hands``; models/hands/README.md says where each file comes from): float32 graphs, possibly with float16 weights
behind DEQUANTIZE, built from the operators in :data:`SUPPORTED`. Anything else is refused by name
(exit 2), never converted approximately.

The ONNX graph takes its image **NCHW** ([1, 3, H, W], the layout jesture's preprocessing writes),
where the TensorFlow Lite graph took NHWC. Feature maps stay NCHW throughout; a tensor goes back to
NHWC only where an operator's meaning depends on the element order (RESHAPE, FULLY_CONNECTED, a MEAN
that drops axes), so the outputs are element for element those of the original graph.

The file format is read with a small FlatBuffers reader of our own (no TensorFlow here): the field
numbers are those of TensorFlow Lite's ``schema.fbs``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from jesture_train.export import save_atomically

OPSET = 17

# TensorFlow Lite builtin operator codes (schema.fbs, BuiltinOperator)
ADD, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE = 0, 2, 3, 4, 6
FULLY_CONNECTED, LOGISTIC, MAX_POOL_2D, RESHAPE, RESIZE_BILINEAR = 9, 14, 17, 22, 23
PAD, MEAN, PRELU = 34, 40, 54
SUPPORTED = {ADD: "ADD", CONCATENATION: "CONCATENATION", CONV_2D: "CONV_2D",
             DEPTHWISE_CONV_2D: "DEPTHWISE_CONV_2D", DEQUANTIZE: "DEQUANTIZE",
             FULLY_CONNECTED: "FULLY_CONNECTED", LOGISTIC: "LOGISTIC", MAX_POOL_2D: "MAX_POOL_2D",
             RESHAPE: "RESHAPE", RESIZE_BILINEAR: "RESIZE_BILINEAR", PAD: "PAD", MEAN: "MEAN", PRELU: "PRELU"}

# TensorType
FLOAT32, FLOAT16, INT32 = 0, 1, 2
_DTYPES = {FLOAT32: np.float32, FLOAT16: np.float16, INT32: np.int32}
# Padding and ActivationFunctionType
SAME, VALID = 0, 1
_ACT_NONE, _ACT_RELU, _ACT_RELU6 = 0, 1, 3

NHWC_TO_NCHW = [0, 3, 1, 2]
NCHW_TO_NHWC = [0, 2, 3, 1]


class ConversionError(ValueError):
    """The file is not a TensorFlow Lite graph this converter can translate exactly."""


class _Table:
    """One FlatBuffers table: ``pos`` is where it starts in ``buf``; fields are read by number."""

    def __init__(self, buf: bytes, pos: int):
        self.buf, self.pos = buf, pos
        self.vtable = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vtable_len = struct.unpack_from("<H", buf, self.vtable)[0]

    def _field(self, i: int) -> int:
        at = 4 + 2 * i
        return struct.unpack_from("<H", self.buf, self.vtable + at)[0] if at < self.vtable_len else 0

    def scalar(self, i: int, fmt: str, default=0):
        off = self._field(i)
        return struct.unpack_from("<" + fmt, self.buf, self.pos + off)[0] if off else default

    def _target(self, i: int) -> Optional[int]:
        off = self._field(i)
        if not off:
            return None
        at = self.pos + off
        return at + struct.unpack_from("<I", self.buf, at)[0]

    def table(self, i: int) -> Optional["_Table"]:
        at = self._target(i)
        return None if at is None else _Table(self.buf, at)

    def _vector(self, i: int):
        at = self._target(i)
        if at is None:
            return None, 0
        return at + 4, struct.unpack_from("<I", self.buf, at)[0]

    def tables(self, i: int) -> List["_Table"]:
        start, n = self._vector(i)
        if start is None:
            return []
        return [_Table(self.buf, start + 4 * k + struct.unpack_from("<I", self.buf, start + 4 * k)[0]) for k in range(n)]

    def ints(self, i: int) -> List[int]:
        start, n = self._vector(i)
        return [] if start is None else list(struct.unpack_from(f"<{n}i", self.buf, start))

    def raw(self, i: int) -> bytes:
        start, n = self._vector(i)
        return b"" if start is None else self.buf[start:start + n]

    def string(self, i: int) -> str:
        return self.raw(i).decode("utf-8")


def _root(buf: bytes) -> _Table:
    if len(buf) < 8 or buf[4:8] != b"TFL3":
        raise ConversionError("not a TensorFlow Lite file (no 'TFL3' identifier)")
    return _Table(buf, struct.unpack_from("<I", buf, 0)[0])


def _same_pads(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple:
    """TensorFlow's SAME padding along one axis: the extra pixel, if any, goes after."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


class _Converter:
    def __init__(self, buf: bytes):
        model = _root(buf)
        self.codes = [max(c.scalar(0, "b"), c.scalar(3, "i")) for c in model.tables(1)]
        subgraphs = model.tables(2)
        if len(subgraphs) != 1:
            raise ConversionError(f"{len(subgraphs)} subgraphs; only single-graph models are converted")
        self.graph = subgraphs[0]
        self.buffers = [b.raw(0) for b in model.tables(4)]
        self.tensors = self.graph.tables(0)
        self.nodes: List[onnx.NodeProto] = []
        self.inits: Dict[str, np.ndarray] = {}
        self.consts: Dict[int, np.ndarray] = {}   # tensor index -> value, NHWC as stored
        self.nchw: Dict[int, bool] = {}           # activations: stored NCHW in the ONNX graph?
        self.counter = 0
        for i, t in enumerate(self.tensors):
            # a quantized graph (integer activations) would need its scales applied: refused, not guessed
            dtype = _DTYPES.get(t.scalar(1, "b"))
            if dtype is None:
                raise ConversionError(f"tensor '{self.tflite_name(i)}' has type {t.scalar(1, 'b')}; "
                                      f"only float32, float16 and int32 are converted")
            data = self.buffers[t.scalar(2, "I")] if t.scalar(2, "I") < len(self.buffers) else b""
            if data:
                self.consts[i] = np.frombuffer(data, dtype=dtype).reshape(self.shape(i)).copy()

    def tflite_name(self, i: int) -> str:
        return self.tensors[i].string(3)

    def name(self, i: int) -> str:
        """The ONNX name of tensor i inside the graph; inputs and outputs keep TensorFlow Lite's."""
        return f"t{i}:{self.tflite_name(i)}"

    def shape(self, i: int) -> List[int]:
        return self.tensors[i].ints(0)

    def fresh(self, hint: str) -> str:
        self.counter += 1
        return f"{hint}__{self.counter}"

    def const(self, value: np.ndarray, hint: str) -> str:
        """A constant input. Float16 weights stay float16 in the file, behind a Cast that ONNX Runtime
        folds when it loads the model: the file keeps the original's size and its exact values."""
        name = self.fresh(hint)
        self.inits[name] = np.ascontiguousarray(value)
        if value.dtype != np.float16:
            return name
        cast = self.fresh(hint + "_f32")
        self.nodes.append(helper.make_node("Cast", [name], [cast], to=TensorProto.FLOAT))
        return cast

    def weight(self, i: int) -> np.ndarray:
        if i not in self.consts:
            raise ConversionError(f"'{self.name(i)}' is read as a weight but is computed by the graph")
        return self.consts[i]

    def value(self, i: int) -> str:
        """The ONNX name of activation i, in its stored layout."""
        if i in self.consts:
            return self.const(self.weight(i), self.name(i))
        return self.name(i)

    def batch_shape(self, i: int) -> str:
        """Tensor i's shape as a Reshape target, its batch left to the input (the graph batches)."""
        shape = self.shape(i)
        if not shape or shape[0] != 1:
            raise ConversionError(f"'{self.tflite_name(i)}' has shape {shape}, not batch 1 first")
        return self.const(np.array([-1] + shape[1:], np.int64), "shape")

    def as_nhwc(self, i: int) -> str:
        """Activation i in TensorFlow Lite's element order."""
        if self.nchw.get(i):
            out = self.fresh(self.name(i) + "_nhwc")
            self.nodes.append(helper.make_node("Transpose", [self.name(i)], [out], perm=NCHW_TO_NHWC))
            return out
        return self.value(i)

    def activation(self, code: int, src: str, dst: str):
        if code == _ACT_NONE:
            self.nodes.append(helper.make_node("Identity", [src], [dst]))
        elif code == _ACT_RELU:
            self.nodes.append(helper.make_node("Relu", [src], [dst]))
        elif code == _ACT_RELU6:
            self.nodes.append(helper.make_node("Clip", [src, self.const(np.float32(0), "zero"),
                                                        self.const(np.float32(6), "six")], [dst]))
        else:
            raise ConversionError(f"fused activation {code} is not converted")

    def conv_pads(self, padding: int, in_shape, kernel, strides, dilations) -> List[int]:
        if padding == VALID:
            return [0, 0, 0, 0]
        (t, b), (l, r) = (_same_pads(in_shape[1], kernel[0], strides[0], dilations[0]),
                          _same_pads(in_shape[2], kernel[1], strides[1], dilations[1]))
        return [t, l, b, r]

    def convert(self) -> onnx.ModelProto:
        inputs = []
        for i in self.graph.ints(1):
            n, h, w, c = self.shape(i)
            inputs.append(helper.make_tensor_value_info(self.tflite_name(i), TensorProto.FLOAT, ["N", c, h, w]))
            self.nodes.append(helper.make_node("Identity", [self.tflite_name(i)], [self.name(i)]))
            self.nchw[i] = True
        for op in self.graph.tables(3):
            self.operator(op)
        outputs = []
        for i in self.graph.ints(2):
            self.nodes.append(helper.make_node("Identity", [self.as_nhwc(i)], [self.tflite_name(i)]))
            outputs.append(helper.make_tensor_value_info(self.tflite_name(i), TensorProto.FLOAT, ["N"] + self.shape(i)[1:]))
        graph = helper.make_graph(self.nodes, "tflite", inputs, outputs,
                                  [numpy_helper.from_array(v, k) for k, v in self.inits.items()])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="jesture_train.tflite")
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model

    def operator(self, op: _Table):
        code = self.codes[op.scalar(0, "I")]
        ins, outs = op.ints(1), op.ints(2)
        opts = op.table(4)
        out = outs[0]
        if code not in SUPPORTED:
            raise ConversionError(f"operator {code} (see TensorFlow Lite's BuiltinOperator) is not converted; "
                                  f"supported: {', '.join(sorted(SUPPORTED.values()))}")
        if code == DEQUANTIZE:
            if ins[0] not in self.consts:
                raise ConversionError(f"DEQUANTIZE of the computed tensor '{self.name(ins[0])}' is not converted")
            self.consts[out] = self.consts[ins[0]]  # float16 until const() writes it
            return
        dst = self.name(out)
        if code in (CONV_2D, DEPTHWISE_CONV_2D):
            w = self.weight(ins[1])  # CONV: [O, kh, kw, I]; DEPTHWISE: [1, kh, kw, C*M]
            depthwise = code == DEPTHWISE_CONV_2D
            stride = (opts.scalar(2, "i", 1), opts.scalar(1, "i", 1))
            act = opts.scalar(4 if depthwise else 3, "b")
            dil = (opts.scalar(6 if depthwise else 5, "i", 1), opts.scalar(5 if depthwise else 4, "i", 1))
            in_shape = self.shape(ins[0])
            if depthwise:
                kernel = np.transpose(w, (3, 0, 1, 2))
                group = in_shape[3]
            else:
                kernel = np.transpose(w, (0, 3, 1, 2))
                group = 1
            args = [self.value(ins[0]), self.const(kernel, self.name(ins[1]))]
            if len(ins) > 2 and ins[2] >= 0:
                args.append(self.const(self.weight(ins[2]), self.name(ins[2])))
            pre = self.fresh(dst + "_conv")
            self.nodes.append(helper.make_node(
                "Conv", args, [pre], kernel_shape=list(kernel.shape[2:]), strides=list(stride),
                dilations=list(dil), group=group,
                pads=self.conv_pads(opts.scalar(0, "b"), in_shape, kernel.shape[2:], stride, dil)))
            self.activation(act, pre, dst)
            self.nchw[out] = True
        elif code == MAX_POOL_2D:
            stride = (opts.scalar(2, "i", 1), opts.scalar(1, "i", 1))
            kernel = (opts.scalar(4, "i"), opts.scalar(3, "i"))
            pre = self.fresh(dst + "_pool")
            self.nodes.append(helper.make_node(
                "MaxPool", [self.value(ins[0])], [pre], kernel_shape=list(kernel), strides=list(stride),
                pads=self.conv_pads(opts.scalar(0, "b"), self.shape(ins[0]), kernel, stride, (1, 1))))
            self.activation(opts.scalar(5, "b"), pre, dst)
            self.nchw[out] = True
        elif code == ADD:
            a, b = ins
            if self.nchw.get(a) != self.nchw.get(b) and not (a in self.consts or b in self.consts):
                args = [self.as_nhwc(a), self.as_nhwc(b)]
                layout = False
            else:
                layout = bool(self.nchw.get(a) or self.nchw.get(b))
                args = [self._operand(x, layout) for x in (a, b)]
            pre = self.fresh(dst + "_add")
            self.nodes.append(helper.make_node("Add", args, [pre]))
            self.activation(opts.scalar(0, "b") if opts else 0, pre, dst)
            self.nchw[out] = layout
        elif code == PRELU:
            slope = self.weight(ins[1])
            if self.nchw.get(ins[0]):
                slope = slope.reshape(-1, 1, 1) if slope.ndim and slope.size == slope.shape[-1] else np.transpose(
                    slope.reshape((1,) * (3 - slope.ndim) + slope.shape), (2, 0, 1))
            self.nodes.append(helper.make_node("PRelu", [self.value(ins[0]), self.const(slope, self.name(ins[1]))], [dst]))
            self.nchw[out] = self.nchw.get(ins[0], False)
        elif code == PAD:
            pads = self.consts[ins[1]].astype(np.int64)  # [[before, after] per NHWC axis]
            order = NHWC_TO_NCHW if self.nchw.get(ins[0]) else list(range(len(pads)))
            onnx_pads = [pads[a][0] for a in order] + [pads[a][1] for a in order]
            self.nodes.append(helper.make_node("Pad", [self.value(ins[0]), self.const(np.array(onnx_pads, np.int64), "pads")], [dst]))
            self.nchw[out] = self.nchw.get(ins[0], False)
        elif code == RESIZE_BILINEAR:
            if not self.nchw.get(ins[0]):
                raise ConversionError("RESIZE_BILINEAR of a tensor that is not a feature map is not converted")
            h, w = (int(v) for v in self.consts[ins[1]])
            _, in_h, in_w, _ = self.shape(ins[0])
            mode = ("align_corners" if opts.scalar(2, "b") else
                    "half_pixel" if opts.scalar(3, "b") else "asymmetric")
            self.nodes.append(helper.make_node(
                "Resize", [self.value(ins[0]), "", self.const(np.array([1, 1, h / in_h, w / in_w], np.float32), "scales")], [dst],
                mode="linear", coordinate_transformation_mode=mode))
            self.nchw[out] = True
        elif code == RESHAPE:
            self.nodes.append(helper.make_node("Reshape", [self.as_nhwc(ins[0]), self.batch_shape(out)], [dst]))
            self.nchw[out] = False
        elif code == CONCATENATION:
            axis = opts.scalar(0, "i")
            rank = len(self.shape(out))
            axis = axis % rank
            layout = all(self.nchw.get(i) for i in ins)
            if layout:
                axis = NHWC_TO_NCHW.index(axis)
                args = [self.value(i) for i in ins]
            else:
                args = [self.as_nhwc(i) for i in ins]
            pre = self.fresh(dst + "_cat")
            self.nodes.append(helper.make_node("Concat", args, [pre], axis=axis))
            self.activation(opts.scalar(1, "b"), pre, dst)
            self.nchw[out] = layout
        elif code == MEAN:
            axes = [int(a) % 4 for a in np.atleast_1d(self.consts[ins[1]])]
            keep = opts.scalar(0, "b") if opts else 0
            if self.nchw.get(ins[0]) and keep:
                self.nodes.append(helper.make_node("ReduceMean", [self.value(ins[0])], [dst],
                                                   axes=[NHWC_TO_NCHW.index(a) for a in axes], keepdims=1))
                self.nchw[out] = True
            else:  # the axes left keep TensorFlow Lite's order
                self.nodes.append(helper.make_node("ReduceMean", [self.as_nhwc(ins[0])], [dst], axes=axes, keepdims=keep))
                self.nchw[out] = False
        elif code == FULLY_CONNECTED:
            w = self.weight(ins[1])  # [out, in]
            flat = self.fresh(dst + "_flat")
            self.nodes.append(helper.make_node("Reshape", [self.as_nhwc(ins[0]),
                                                           self.const(np.array([-1, w.shape[1]], np.int64), "shape")], [flat]))
            args = [flat, self.const(w, self.name(ins[1]))]
            if len(ins) > 2 and ins[2] >= 0:
                args.append(self.const(self.weight(ins[2]), self.name(ins[2])))
            pre = self.fresh(dst + "_fc")
            self.nodes.append(helper.make_node("Gemm", args, [pre], transB=1))
            act = self.fresh(dst + "_act")
            self.activation(opts.scalar(0, "b") if opts else 0, pre, act)
            self.nodes.append(helper.make_node("Reshape", [act, self.batch_shape(out)], [dst]))
            self.nchw[out] = False
        elif code == LOGISTIC:
            self.nodes.append(helper.make_node("Sigmoid", [self.value(ins[0])], [dst]))
            self.nchw[out] = self.nchw.get(ins[0], False)

    def _operand(self, i: int, nchw: bool) -> str:
        """An ADD operand: a constant broadcast against an NCHW map is moved to channel-first."""
        if i in self.consts and nchw:
            v = self.weight(i)
            if v.ndim == 4:
                v = np.transpose(v, NHWC_TO_NCHW)
            elif v.ndim >= 1 and v.size == v.shape[-1]:
                v = v.reshape(-1, 1, 1)
            return self.const(v, self.name(i))
        return self.value(i)


def convert(buf: bytes) -> onnx.ModelProto:
    """The ONNX translation of TensorFlow Lite file contents ``buf``; raises ConversionError."""
    return _Converter(buf).convert()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.tflite", description=__doc__.split("\n\n")[0])
    p.add_argument("tflite", type=Path)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    if not args.tflite.is_file():
        print(f"error: {args.tflite}: no such file; give a .tflite model", file=sys.stderr)
        return 2
    if args.out.exists():
        print(f"error: {args.out} exists; choose another --out or remove it", file=sys.stderr)
        return 2
    try:
        data = args.tflite.read_bytes()
        model = convert(data)
    except ConversionError as e:
        print(f"error: {args.tflite}: {e}", file=sys.stderr)
        return 2
    meta = model.metadata_props.add()
    meta.key, meta.value = "jesture.converted_from", json.dumps(
        {"file": args.tflite.name, "sha256": hashlib.sha256(data).hexdigest()})
    save_atomically(model, args.out)
    print(f"{args.out}: {len(model.graph.node)} nodes, inputs "
          + ", ".join(f"{i.name} {[d.dim_value for d in i.type.tensor_type.shape.dim]}" for i in model.graph.input))
    return 0


if __name__ == "__main__":
    sys.exit(main())
