"""Add a metadata entry to an exported jesture model, such as the rejection calibration.

Some metadata can only be measured once the model exists: ``jesture eval-quiet --calibrate`` runs
the exported model through the Java pipeline and writes the ``jesture.rejection`` operating points
(docs/quiet.md). This puts such an entry into the ONNX file, leaving graph and weights untouched.

    python3 -m jesture_train.stamp models/m.onnx --key jesture.rejection --value-file rejection.json --in-place
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

import onnx

from jesture_train.export import verify_contract

# Keys that hold what training and export decided; re-export instead of editing them here.
PROTECTED = {"jesture.contract", "jesture.labels", "jesture.background_labels", "jesture.clip_length",
             "jesture.frame_height", "jesture.frame_width", "jesture.fps", "jesture.color_order",
             "jesture.mean", "jesture.std", "jesture.resize"}


def stamp(model: Path, key: str, value: str, out: Path, replace: bool = False) -> None:
    """Writes ``model`` with metadata ``key`` set to ``value`` to ``out`` (which may be ``model``)."""
    if key in PROTECTED:
        raise ValueError(f"{key} is part of the model contract written by export; re-export to change it")
    if not key.startswith("jesture."):
        raise ValueError(f"key {key!r} is not a jesture metadata key (jesture.*)")
    if key == "jesture.rejection":
        json.loads(value)  # the runtime checks the fields; here only that it parses
    proto = onnx.load(str(model))
    verify_contract(proto)
    entries = [p for p in proto.metadata_props if p.key == key]
    if entries and not replace and entries[0].value != value:
        raise ValueError(f"{model} already has {key} = {entries[0].value}; pass --replace to overwrite it")
    for p in entries:
        proto.metadata_props.remove(p)
    entry = proto.metadata_props.add()
    entry.key = key
    entry.value = value
    onnx.checker.check_model(proto)
    tmp = out.with_name(out.name + ".tmp")
    onnx.save(proto, str(tmp))
    tmp.replace(out)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.stamp",
                                description="Set one jesture.* metadata entry of an exported model (graph and weights unchanged).")
    p.add_argument("model", type=Path, help="the exported .onnx file")
    p.add_argument("--key", required=True, help="metadata key, e.g. jesture.rejection")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--value", help="the value")
    g.add_argument("--value-file", type=Path, help="a file holding the value, e.g. what jesture eval-quiet --calibrate wrote")
    o = p.add_mutually_exclusive_group(required=True)
    o.add_argument("--out", type=Path, help="write a new file (must not exist)")
    o.add_argument("--in-place", action="store_true", help="rewrite MODEL")
    p.add_argument("--replace", action="store_true", help="overwrite an existing different value of KEY")
    a = p.parse_args(argv)
    try:
        if not a.model.is_file():
            raise FileNotFoundError(f"{a.model} does not exist")
        value = a.value if a.value is not None else a.value_file.read_text().strip()
        out = a.model if a.in_place else a.out
        if not a.in_place and out.exists():
            raise ValueError(f"{out} exists; choose another --out or use --in-place")
        stamp(a.model, a.key, value, out, replace=a.replace)
        print(f"wrote {out}: {a.key} = {value}")
        return 0
    except (ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
