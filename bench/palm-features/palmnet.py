"""MediaPipe's palm detector (BlazePalm lite) as a frozen PyTorch feature extractor.

Built node by node from the ONNX that ``python3 -m jesture_train.tflite`` makes of
``models/hands/palm_detection_lite.tflite``: the weights are MediaPipe's, trained on photographs of
real hands (models/hands/README.md), and nothing here trains them. The graph is cut at its last
feature map before the palm heads, so a frame comes out as what a real-trained network sees in it,
not as palm boxes. In PyTorch rather than ONNX Runtime because Python has no onnxruntime on this
project's machines, and so that a network on top of it exports as one graph.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

# The stride-16 map the palm classifier reads (256 channels), and the stride-32 map below it.
CUT_16 = "t217:model_1/model/p_re_lu_22/add;model_1/model/p_re_lu_22/Relu;model_1/model/p_re_lu_22/Neg_1;model_1/model/p_re_lu_22/Relu_1;model_1/model/p_re_lu_22/mul1"


class PalmBackbone(torch.nn.Module):
    """RGB in [0, 1], NCHW, any height and width divisible by 32 -> the 256-channel stride-16 map."""

    def __init__(self, onnx_path: Path, cut: str = CUT_16):
        super().__init__()
        model = onnx.load(str(onnx_path))
        init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        for n in model.graph.node:
            if n.op_type == "Constant":
                init[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        self.ops: List[tuple] = []
        self.params = torch.nn.ParameterList()
        values: Dict[str, object] = {}
        for n in model.graph.node:
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            if n.op_type == "Cast" and n.input[0] in init:
                init[n.output[0]] = init[n.input[0]].astype(np.float32)
                continue
            if n.op_type == "Identity" and n.input[0] in init:
                init[n.output[0]] = init[n.input[0]]
                continue
            ins = []
            for name in n.input:
                if name in init:
                    p = torch.nn.Parameter(torch.from_numpy(np.array(init[name], np.float32)), requires_grad=False)
                    self.params.append(p)
                    ins.append(("param", len(self.params) - 1))
                else:
                    ins.append(("value", name))
            self.ops.append((n.op_type, ins, n.output[0], attrs))
            if n.output[0] == cut:
                break
        else:
            raise ValueError(f"{onnx_path}: no node makes {cut}")
        self.input_name = model.graph.input[0].name
        self.cut = cut

    def forward(self, x: torch.Tensor, macs: list = None) -> torch.Tensor:
        """With ``macs`` (a one-element list), also adds the convolutions' multiply-adds per frame to it."""
        env = {self.input_name: x}
        get = lambda ref: self.params[ref[1]] if ref[0] == "param" else env[ref[1]]
        for op, ins, out, a in self.ops:
            if op == "Identity":
                y = get(ins[0])
            elif op == "Conv":
                w = get(ins[0 + 1])
                b = get(ins[2]) if len(ins) > 2 else None
                pads = a.get("pads", [0, 0, 0, 0])
                xin = get(ins[0])
                if pads[0] != pads[2] or pads[1] != pads[3]:
                    xin = F.pad(xin, (pads[1], pads[3], pads[0], pads[2]))
                    pad = 0
                else:
                    pad = (pads[0], pads[1])
                y = F.conv2d(xin, w, b, stride=tuple(a.get("strides", [1, 1])), padding=pad,
                             dilation=tuple(a.get("dilations", [1, 1])), groups=a.get("group", 1))
                if macs is not None:
                    macs[0] += y[0].numel() * w[0].numel()
            elif op == "PRelu":
                xin, s = get(ins[0]), get(ins[1])
                y = torch.where(xin >= 0, xin, xin * s)
            elif op == "Add":
                y = get(ins[0]) + get(ins[1])
            elif op == "MaxPool":
                y = F.max_pool2d(get(ins[0]), tuple(a["kernel_shape"]), tuple(a["strides"]))
            elif op == "Pad":
                pads = [int(v) for v in get(ins[1]).tolist()]
                # ONNX order: begins of N, C, H, W then ends; only channels are padded here
                y = F.pad(get(ins[0]), (pads[3], pads[7], pads[2], pads[6], pads[1], pads[5]))
            elif op == "Resize":
                scales = get(ins[2]).tolist()
                y = F.interpolate(get(ins[0]), scale_factor=(scales[2], scales[3]), mode="bilinear", align_corners=False)
            else:
                raise ValueError(f"palm backbone: no PyTorch for ONNX {op}")
            env[out] = y
        return env[self.cut]
