"""Write a model's mirrored look: the same network, shown the clip mirrored left to right.

A mirrored clip of "Swiping Left" is a clip of "Swiping Right" made with the other hand, so the
network's answer has to be read back through the mirror: the labels that are each other's mirror
image trade places, and every other label is its own. The result is a jesture model of its own
(same contract, same weights), meant to be fused with the original (``jesture_train.fuse``) as a
second look at the same clip, or run beside it (``jesture run --model M M-mirror.onnx``).

    python3 -m jesture_train.mirror models/jesture-r2plus1d.onnx --out /tmp/default-mirror.onnx

The graph: ``clip`` -> Slice(width reversed) -> the original network -> Gather(logits, mirror
permutation). The embedding output, where present, is the network's on the mirrored clip, unpermuted.
The gate entry (``jesture.rejection``) is dropped: it was calibrated on the unmirrored look, and a
file fused from this one needs its own calibration anyway.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from onnx import helper, TensorProto

from jesture_train import contract
from jesture_train.export import write_derived
from jesture_train.looks import open_original, save_look

# Jester's labels whose mirror image is another label. Jester's videos are not mirrored, and
# "clockwise" is the performer's; a mirror reverses the sense of any turn in the image plane either
# way. Rolls turn about a horizontal axis across the body, which a left-right mirror leaves as it is.
MIRROR_PAIRS = [
    ("Swiping Left", "Swiping Right"),
    ("Sliding Two Fingers Left", "Sliding Two Fingers Right"),
    ("Turning Hand Clockwise", "Turning Hand Counterclockwise"),
]

MIRROR_OF_KEY = "jesture.mirror_of"
_WIDTH_AXIS = 4  # clip is [N, C, T, H, W]


def permutation(labels: Sequence[str]) -> List[int]:
    """perm[i] = the index whose mirrored score label i takes: mirrored logits = logits[:, perm]."""
    index = {name: i for i, name in enumerate(labels)}
    perm = list(range(len(labels)))
    for a, b in MIRROR_PAIRS:
        if (a in index) != (b in index):
            have, lack = (a, b) if a in index else (b, a)
            raise ValueError(f"the model knows {have!r} but not {lack!r}, its mirror image; "
                             f"a mirrored look could not name what it sees")
        if a in index:
            perm[index[a]], perm[index[b]] = index[b], index[a]
    if not any(a in index for a, _ in MIRROR_PAIRS):
        # A label set without Jester's directional names may still have its own ("Swipe Left");
        # reading such a model back through the mirror would swap nothing and misname them.
        directional = [x for x in labels if any(w in x.lower() for w in ("left", "right", "clockwise"))]
        if directional:
            raise ValueError(f"labels {directional} look directional, but none is among the mirror pairs "
                             f"jesture knows ({', '.join(a + ' / ' + b for a, b in MIRROR_PAIRS)}); "
                             f"a mirrored look would misname them")
    return perm


def mirror(model_path: Path, out: Path) -> Dict[str, str]:
    """Writes the mirrored look of ``model_path`` to ``out`` (which must not exist); returns its metadata."""
    proto, meta = open_original(model_path, out, verb="mirror", kind="mirrored", marker_key=MIRROR_OF_KEY)
    labels = json.loads(meta["jesture.labels"])
    perm = permutation(labels)
    g = proto.graph

    src, flipped = contract.INPUT_NAME, "mirror/clip"
    raw = "mirror/logits_unpermuted"
    # The network reads the flipped clip; its logits, wherever they are read, become the unpermuted ones.
    reads = {src: flipped, contract.OUTPUT_NAME: raw}
    for node in g.node:
        node.input[:] = [reads.get(x, x) for x in node.input]
        node.output[:] = [raw if x == contract.OUTPUT_NAME else x for x in node.output]
    for vi in g.value_info:
        if vi.name == contract.OUTPUT_NAME:
            vi.name = raw
    inits = [
        helper.make_tensor("mirror/starts", TensorProto.INT64, [1], [-1]),
        # Slice clamps an end beyond the axis; the int64 minimum runs to index 0 inclusive
        helper.make_tensor("mirror/ends", TensorProto.INT64, [1], [-2 ** 63]),
        helper.make_tensor("mirror/axes", TensorProto.INT64, [1], [_WIDTH_AXIS]),
        helper.make_tensor("mirror/steps", TensorProto.INT64, [1], [-1]),
        helper.make_tensor("mirror/perm", TensorProto.INT64, [len(perm)], perm),
    ]
    head = helper.make_node("Slice", [src, "mirror/starts", "mirror/ends", "mirror/axes", "mirror/steps"],
                            [flipped], name="mirror/flip_width")
    tail = helper.make_node("Gather", [raw, "mirror/perm"], [contract.OUTPUT_NAME], axis=1,
                            name="mirror/permute_labels")
    nodes = [head] + list(g.node) + [tail]
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(inits)

    return save_look(proto, meta, model_path, out, arch=f"mirror({meta['jesture.arch']})", kind="mirrored",
                     marker_key=MIRROR_OF_KEY, marker={})


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.mirror",
                                description="Write a model's mirrored look: the clip mirrored left to right, "
                                            "the answer read back through the mirror.")
    p.add_argument("model", type=Path, help="an exported jesture .onnx model (RGB input)")
    p.add_argument("--out", type=Path, required=True, help="the mirrored look to write (must not exist)")
    args = p.parse_args(argv)
    meta = write_derived([args.model], lambda: mirror(args.model, args.out))
    if meta is None:
        return 2
    print(f"wrote {args.out}: the mirrored look of {args.model.name}, {meta['jesture.mflops']} MFLOPs; "
          f"fuse it with the original (python3 -m jesture_train.fuse) and calibrate that file's gate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
