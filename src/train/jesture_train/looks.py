"""What every "look" of a model shares: the same network shown the clip another way (mirrored,
zoomed), written as a jesture model of its own and meant to be fused with the original
(``jesture_train.fuse``). Each look's module builds its own graph between these two steps."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Mapping, Tuple

import onnx

from jesture_train import contract
from jesture_train.export import save_derived, verify_contract
from jesture_train.importer import sha256


def open_original(model_path: Path, out: Path, *, verb: str, kind: str, marker_key: str) -> Tuple[onnx.ModelProto, Dict[str, str]]:
    """The model a look is taken of, and its metadata, after the checks every look makes: ``out`` must
    not exist, the model must read RGB frames (a look of optical flow would also have to transform the
    flow's vectors), must not already be a look of this kind, and must have no subgraphs (a look
    renames the clip inside the top graph only). ``verb`` names the tool in messages ("mirror"),
    ``kind`` the look ("mirrored")."""
    if out.exists():
        raise ValueError(f"{out} exists; choose another --out ({verb} never overwrites)")
    proto = onnx.load(str(model_path))
    meta = verify_contract(proto)
    if contract.input_channels(meta) != 3:
        raise ValueError(f"{model_path} reads {contract.input_kind(meta)}, not frames; only RGB models can be {kind}")
    if marker_key in meta:
        raise ValueError(f"{model_path} is already a {kind} look (of {json.loads(meta[marker_key])['file']}); "
                         f"{verb} the original instead")
    for node in proto.graph.node:
        if any(a.type == onnx.AttributeProto.GRAPH for a in node.attribute):
            raise ValueError(f"{model_path} has control flow (subgraphs); {verb} does not rename inside them")
    return proto, meta


def save_look(proto: onnx.ModelProto, meta: Mapping[str, str], model_path: Path, out: Path, *, arch: str,
              kind: str, marker_key: str, marker: Mapping[str, object]) -> Dict[str, str]:
    """Writes the look with the original's contract, its architecture named ``arch``, the original's
    accuracy marked as the original's, and ``marker_key`` naming the original (file, digest and
    ``marker``). The gate entry is dropped: it was calibrated on the original look, and a file fused
    from this one needs its own calibration anyway."""
    meta = dict(meta)
    meta.pop("jesture.rejection", None)
    meta["jesture.arch"] = arch
    meta["jesture.accuracy"] = json.dumps({"original": json.loads(meta["jesture.accuracy"]),
                                           "note": f"the original's figure; the {kind} look's is measured apart"})
    meta[marker_key] = json.dumps({"file": model_path.name, "sha256": sha256(model_path), **marker})
    save_derived(proto, meta, out)
    return meta
