"""Writes the small ONNX models the Java tests load (run: python3 make_test_models.py).

They follow docs/model-contract.md but are not trained: `colour.onnx` maps the mean colour of a
clip to a class, so a test video with known colours gives known events (red -> "Swiping Left",
blue -> "Swiping Right", grey -> "No gesture"). This also checks the BGR->RGB order end to end:
swapped channels would turn red into "Swiping Right". The others are broken on purpose.
"""
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# The 27 Jester labels and the background ones, from the training pipeline's contract (their one
# Python copy).
sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "src" / "train"))
from jesture_train.contract import BACKGROUND_LABELS, JESTER_LABELS as LABELS  # noqa: E402


def metadata(t, h, w, labels=LABELS, fps=12):
    return {
        "jesture.contract": "1",
        "jesture.labels": json.dumps(labels),
        "jesture.background_labels": json.dumps(BACKGROUND_LABELS),
        "jesture.clip_length": str(t),
        "jesture.frame_height": str(h),
        "jesture.frame_width": str(w),
        "jesture.fps": str(fps),
        "jesture.color_order": "RGB",
        "jesture.mean": "[0.45, 0.45, 0.45]",
        "jesture.std": "[0.225, 0.225, 0.225]",
        "jesture.resize": "cover_center_crop",
        "jesture.arch": "colour-test",
        "jesture.dataset": "none (hand-set weights for tests)",
        "jesture.accuracy": json.dumps({"top1": 0.0, "split": "none"}),
        "jesture.mflops": "0.0",
        "jesture.params": "108",
    }


def colour_model(graph_t, graph_h, graph_w, k, meta, name, order=None, channels=(0, 1, 2), scale=1.0):
    # logits = mean_rgb @ W + b, mean_rgb over T, H, W of the normalised clip.
    # order[i]: the output index of LABELS[i]; channels: input channel of red, green, blue; scale: of the weights.
    order = order or list(range(k))
    red, green, blue = channels
    wgt = np.full((3, k), 0.0, dtype=np.float32)
    bias = np.full((k,), -5.0, dtype=np.float32)
    wgt[red, order[0]], wgt[green, order[0]] = 4.0 * scale, -4.0 * scale      # red beats green  -> class 0
    if k > 1:
        wgt[blue, order[1]], wgt[green, order[1]] = 4.0 * scale, -4.0 * scale  # blue beats green -> class 1
        bias[order[0]] = bias[order[1]] = 0.0
    if k > 25:
        bias[order[25]] = 3.0                  # grey -> "No gesture"
    inp = helper.make_tensor_value_info("clip", TensorProto.FLOAT, ["batch", 3, graph_t, graph_h, graph_w])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", k])
    nodes = [
        helper.make_node("ReduceMean", ["clip"], ["m"], axes=[2, 3, 4], keepdims=0),
        helper.make_node("Gemm", ["m", "W", "b"], ["logits"]),
    ]
    graph = helper.make_graph(nodes, name, [inp], [out],
                              [numpy_helper.from_array(wgt, "W"), numpy_helper.from_array(bias, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    for key, value in meta.items():
        p = model.metadata_props.add()
        p.key, p.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, name + ".onnx")


colour_model(8, 32, 32, 27, metadata(8, 32, 32), "colour")
# Same contract, a second member for ensemble tests.
colour_model(8, 32, 32, 27, metadata(8, 32, 32), "colour2")
# Metadata says T=8 but the graph takes 4 frames.
colour_model(4, 32, 32, 27, metadata(8, 32, 32), "bad_shape")
# 27 labels in metadata, 10 outputs in the graph.
colour_model(8, 32, 32, 10, metadata(8, 32, 32), "bad_label_count")
# A valid model with another clip length: cannot join an ensemble with colour.onnx.
colour_model(16, 32, 32, 27, metadata(16, 32, 32), "colour_t16")
# No jesture metadata at all.
colour_model(8, 32, 32, 27, {}, "no_metadata")
# Metadata present but a value is unusable.
bad = metadata(8, 32, 32)
bad["jesture.mean"] = "[0.45, 0.45]"
colour_model(8, 32, 32, 27, bad, "bad_mean")
# Another contract, as an imported real-trained model has: labels in alphabetical order, BGR input,
# 24x40 frames, 4 frames at 6 fps, mean/std that leave 0..255 minus the mean. An ensemble with
# colour.onnx must match classes by name and preprocess each member its own way.
ALPHA = sorted(LABELS)
alpha = metadata(4, 24, 40, labels=ALPHA, fps=6)
alpha["jesture.color_order"] = "BGR"
alpha["jesture.mean"] = "[0.406, 0.456, 0.485]"
alpha["jesture.std"] = json.dumps([1 / 255] * 3)
colour_model(4, 24, 40, 27, alpha, "colour_alpha", order=[ALPHA.index(l) for l in LABELS], channels=(2, 1, 0),
             scale=1 / 255)
# Other label names: cannot join an ensemble with colour.onnx, which matches classes by name.
three = metadata(8, 32, 32, labels=["Swiping Left", "Swiping Right", "No gesture"])
three["jesture.background_labels"] = json.dumps(["No gesture"])
colour_model(8, 32, 32, 3, three, "colour_three")
