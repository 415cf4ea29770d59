"""Write a model's zoomed look: the same network, shown the clip zoomed about its centre.

How large a hand fills a webcam's frame is the user's distance from the camera, and a network trained
on one world reads some sizes better than others. A zoomed look is a second look at the same clip at
another size; fused with the original (``jesture_train.fuse``), the two answers are averaged. The
result is a jesture model of its own (same contract, same weights):

    python3 -m jesture_train.zoom models/jesture-r2plus1d.onnx --scale 1.25 --out /tmp/default-zoom125.onnx

The graph: ``clip`` [N, C, T, H, W] -> Reshape [N, C*T, H, W] -> the zoom -> Reshape back -> the
original network. ``--scale`` above 1 zooms in: the centre ``1/scale`` of every frame (rounded to
whole pixels) is enlarged back to H x W. Below 1 it zooms out: the frame is shrunk to ``scale`` of
its size and placed in the centre of a frame whose border repeats the picture's edge pixels, so no
hard edge appears that the network never saw. Both resample bilinearly with half-pixel centres; the
look works on the normalised clip, which is the same as zooming the frames (both are linear).

The gate entry (``jesture.rejection``) is dropped: it was calibrated on the unzoomed look, and a file
fused from this one needs its own calibration anyway.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

import onnx
from onnx import helper, TensorProto

from jesture_train import contract
from jesture_train.export import write_derived
from jesture_train.looks import open_original, save_look

ZOOM_OF_KEY = "jesture.zoom_of"
MIN_SCALE, MAX_SCALE = 0.5, 2.0


def geometry(height: int, width: int, scale: float) -> Tuple[Tuple[int, int], Tuple[int, int, int, int]]:
    """For a zoom by ``scale`` of H x W frames: the (h, w) the picture is cropped to (zoom in) or
    shrunk to (zoom out), and (top, left, bottom, right): the crop's offsets (in) or the border (out)."""
    if not (MIN_SCALE <= scale <= MAX_SCALE) or scale == 1:
        raise ValueError(f"--scale must be in [{MIN_SCALE}, {MAX_SCALE}] and not 1, was {scale}")
    if scale > 1:
        h, w = round(height / scale), round(width / scale)
    else:
        h, w = round(height * scale), round(width * scale)
    top, left = (height - h) // 2, (width - w) // 2
    return (h, w), (top, left, height - h - top, width - w - left)


def _input_dims(proto: onnx.ModelProto) -> Tuple[int, int, int, int]:
    for i in proto.graph.input:
        if i.name == contract.INPUT_NAME:
            dims = [d.dim_value for d in i.type.tensor_type.shape.dim]
            if len(dims) == 5 and all(d > 0 for d in dims[1:]):
                return dims[1], dims[2], dims[3], dims[4]
    raise ValueError(f"the model's input '{contract.INPUT_NAME}' is not [N, C, T, H, W] with fixed C, T, H, W")


def zoom(model_path: Path, scale: float, out: Path) -> Dict[str, str]:
    """Writes the zoomed look of ``model_path`` to ``out`` (which must not exist); returns its metadata."""
    proto, meta = open_original(model_path, out, verb="zoom", kind="zoomed", marker_key=ZOOM_OF_KEY)
    g = proto.graph
    c, t, height, width = _input_dims(proto)
    (h, w), (top, left, bottom, right) = geometry(height, width, scale)

    src, zoomed = contract.INPUT_NAME, "zoom/clip"
    for node in g.node:
        node.input[:] = [zoomed if x == src else x for x in node.input]
    inits = [
        helper.make_tensor("zoom/frames_shape", TensorProto.INT64, [4], [-1, c * t, height, width]),
        helper.make_tensor("zoom/clip_shape", TensorProto.INT64, [5], [-1, c, t, height, width]),
        helper.make_tensor("zoom/no_roi", TensorProto.FLOAT, [0], []),
        helper.make_tensor("zoom/no_scales", TensorProto.FLOAT, [0], []),
        helper.make_tensor("zoom/zero", TensorProto.INT64, [1], [0]),
        helper.make_tensor("zoom/two", TensorProto.INT64, [1], [2]),
    ]
    nodes = [helper.make_node("Reshape", [src, "zoom/frames_shape"], ["zoom/frames"], name="zoom/merge_time")]
    # Resize takes the whole output shape; N is the clip's own, so it is read from the tensor.
    nodes.append(helper.make_node("Shape", ["zoom/frames"], ["zoom/shape"], name="zoom/shape"))
    nodes.append(helper.make_node("Slice", ["zoom/shape", "zoom/zero", "zoom/two"], ["zoom/batch_channels"],
                                  name="zoom/batch_channels"))
    # Zoom in: crop the centre, then enlarge it to the full frame. Zoom out: shrink the whole frame,
    # then pad it back out with its edge pixels. Either way one bilinear Resize, to resize_to.
    if scale > 1:
        inits += [helper.make_tensor("zoom/crop_starts", TensorProto.INT64, [2], [top, left]),
                  helper.make_tensor("zoom/crop_ends", TensorProto.INT64, [2], [top + h, left + w]),
                  helper.make_tensor("zoom/crop_axes", TensorProto.INT64, [2], [2, 3])]
        nodes.append(helper.make_node("Slice", ["zoom/frames", "zoom/crop_starts", "zoom/crop_ends", "zoom/crop_axes"],
                                      ["zoom/resize_in"], name="zoom/crop_centre"))
        resize_in, resize_to, resized = "zoom/resize_in", [height, width], "zoom/frames_zoomed"
    else:
        resize_in, resize_to, resized = "zoom/frames", [h, w], "zoom/small"
    inits.append(helper.make_tensor("zoom/resize_to", TensorProto.INT64, [2], resize_to))
    nodes.append(helper.make_node("Concat", ["zoom/batch_channels", "zoom/resize_to"], ["zoom/sizes"], axis=0,
                                  name="zoom/sizes"))
    nodes.append(helper.make_node("Resize", [resize_in, "zoom/no_roi", "zoom/no_scales", "zoom/sizes"], [resized],
                                  mode="linear", coordinate_transformation_mode="half_pixel", name="zoom/resize"))
    if scale < 1:
        inits.append(helper.make_tensor("zoom/pads", TensorProto.INT64, [8], [0, 0, top, left, 0, 0, bottom, right]))
        nodes.append(helper.make_node("Pad", ["zoom/small", "zoom/pads"], ["zoom/frames_zoomed"], mode="edge",
                                      name="zoom/edge_border"))
    nodes.append(helper.make_node("Reshape", ["zoom/frames_zoomed", "zoom/clip_shape"], [zoomed], name="zoom/split_time"))
    all_nodes = nodes + list(g.node)
    del g.node[:]
    g.node.extend(all_nodes)
    g.initializer.extend(inits)

    return save_look(proto, meta, model_path, out, arch=f"zoom{scale:g}({meta['jesture.arch']})", kind="zoomed",
                     marker_key=ZOOM_OF_KEY, marker={"scale": scale})


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.zoom",
                                description="Write a model's zoomed look: the clip zoomed about its centre "
                                            "before the network sees it.")
    p.add_argument("model", type=Path, help="an exported jesture .onnx model (RGB input)")
    p.add_argument("--scale", type=float, required=True,
                   help=f"above 1 zooms in (1.25: the centre 0.8 enlarged), below 1 out; in [{MIN_SCALE}, {MAX_SCALE}]")
    p.add_argument("--out", type=Path, required=True, help="the zoomed look to write (must not exist)")
    args = p.parse_args(argv)
    meta = write_derived([args.model], lambda: zoom(args.model, args.scale, args.out))
    if meta is None:
        return 2
    print(f"wrote {args.out}: the look of {args.model.name} zoomed by {args.scale:g}, {meta['jesture.mflops']} MFLOPs; "
          f"fuse it with the original (python3 -m jesture_train.fuse) and calibrate that file's gate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
