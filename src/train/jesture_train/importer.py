"""Import a checkpoint trained elsewhere as one jesture model (ONNX under docs/model-contract.md).

    python3 -m jesture_train.importer --format efficient-3dcnns --arch shufflenet --width 0.5 \\
        --groups 3 CHECKPOINT.pth --out FILE.onnx [--labels FILE] [--force]

Format ``efficient-3dcnns``: the ``.pth`` files of "Resource Efficient 3D Convolutional Neural
Networks" (Köpüklü et al., 2019), rebuilt with our own networks in :mod:`jesture_train.zoo`. Two
things about those checkpoints are easy to get wrong, and either gives near-chance accuracy
(docs/import.md):

- their input is pixel values **0..255** minus a per-channel mean, not values scaled to [0, 1];
  the contract's ``x = (p / 255 - mean) / std`` reproduces it with ``mean = M / 255`` and
  ``std = S / 255``;
- their outputs follow the **alphabetical** order of the class names (``sorted()``), not the
  order of ``jester-v1-labels.csv``.

Exit status: 0 written; 2 bad input, with one line on stderr that names the problem and the fix;
1 a bug. Only the standard library is imported before the arguments are checked, so a Python
without PyTorch gets that one line too (``jesture import`` relies on it).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

FORMATS = ("efficient-3dcnns",)
# The trainer's --model names (jesture_train.zoo.ZOO_ARCHES, repeated so that a missing PyTorch
# does not hide an unknown arch).
ARCHES = ("shufflenet", "shufflenetv2", "mobilenetv2")
CANDIDATE_WIDTHS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
CANDIDATE_GROUPS = (1, 2, 3, 4, 8)

# Efficient-3DCNNs' Jester setup: 16 frames with temporal stride 2 of 12-fps video, 112 x 112,
# RGB 0..255 minus the Kinetics mean it was pre-trained with, std 1.
DEFAULT_CLIP_LEN = 16
DEFAULT_SIZE = 112
DEFAULT_FPS = 6.0
DEFAULT_PIXEL_MEAN = (110.63666788, 103.16065604, 96.29023126)
DEFAULT_PIXEL_STD = (1.0, 1.0, 1.0)
DEFAULT_OPSET = 13
DATASET = "Jester v1 (real), imported from Efficient-3DCNNs checkpoint"
ACCURACY_SPLIT = "Jester validation, as recorded by the checkpoint's trainer"
DEBIAN_PACKAGES = "python3-torch python3-onnx"


class BadInput(ValueError):
    """Bad input: the message is one line naming the problem and the fix."""


# --------------------------------------------------------------------------------------------
# Pieces that need only the standard library
# --------------------------------------------------------------------------------------------

def read_labels(path: Path) -> List[str]:
    """One label per line, in the checkpoint's output order; blank lines are ignored."""
    if not path.is_file():
        raise BadInput(f"--labels {path} does not exist: pass a text file with one label per line, "
                       f"in the checkpoint's output order")
    labels = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dupes = sorted({label for label in labels if labels.count(label) > 1})
    if dupes:
        raise BadInput(f"--labels {path} lists {dupes} more than once: each class needs one unique line")
    if len(labels) < 2:
        raise BadInput(f"--labels {path} has {len(labels)} label(s): a classifier needs at least 2")
    return labels


def default_labels() -> List[str]:
    """The checkpoint's output order for this zoo: the Jester names sorted alphabetically."""
    from .contract import JESTER_LABELS
    return sorted(JESTER_LABELS)


def parse_triple(text: str, name: str) -> Tuple[float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 3:
        raise BadInput(f"{name} '{text}' is not three comma-separated numbers, e.g. "
                       f"{','.join(f'{v:g}' for v in DEFAULT_PIXEL_MEAN)}")
    return values  # type: ignore[return-value]


def require_torch() -> None:
    """A one-line bad-input error when PyTorch or onnx cannot be imported by this interpreter."""
    missing = []
    for module in ("torch", "onnx", "numpy"):
        try:
            __import__(module)
        except ImportError as e:
            missing.append(f"{module} ({e})")
    if missing:
        raise BadInput(f"{sys.executable} cannot import {', '.join(missing)}: install the Debian packages "
                       f"{DEBIAN_PACKAGES} (elsewhere: pip install -r src/train/requirements.txt), "
                       f"or give jesture import --python an interpreter that has them")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# Checkpoint reading and fitting (PyTorch)
# --------------------------------------------------------------------------------------------

def load_checkpoint(path: Path) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """The state_dict (``module.`` stripped) and what else the checkpoint records.

    A checkpoint is a pickle: torch.load runs code from it. Import only files you trust.
    """
    import torch
    from .zoo import strip_data_parallel

    if not path.is_file():
        raise BadInput(f"checkpoint {path} does not exist: pass the .pth file the Efficient-3DCNNs trainer saved")
    try:
        try:
            obj = torch.load(str(path), map_location="cpu", weights_only=True)
        except TypeError:  # torch < 1.13 has no weights_only
            obj = torch.load(str(path), map_location="cpu")
        except Exception:  # noqa: BLE001 - older torch cannot load every plain checkpoint weights-only
            obj = torch.load(str(path), map_location="cpu", weights_only=False)
    except Exception as e:  # noqa: BLE001 - any failure here means "not a checkpoint"
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:160]
        raise BadInput(f"{path} is not a PyTorch checkpoint (torch.load: {first}): pass the .pth file "
                       f"the Efficient-3DCNNs trainer saved") from None
    if isinstance(obj, Mapping) and isinstance(obj.get("state_dict"), Mapping):
        state, info = obj["state_dict"], {k: obj[k] for k in ("epoch", "arch", "best_prec1") if k in obj}
    elif isinstance(obj, Mapping) and obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
        state, info = obj, {}
    else:
        what = f"a dict with keys {sorted(map(str, obj))[:8]}" if isinstance(obj, Mapping) else f"a {type(obj).__name__}"
        raise BadInput(f"{path} holds {what}, not a checkpoint with a state_dict: pass the .pth file "
                       f"the Efficient-3DCNNs trainer saved")
    tensors = {k: v for k, v in state.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        raise BadInput(f"{path} has an empty state_dict: pass a trained checkpoint")
    return strip_data_parallel(tensors), info


def classifier_shape(state: Mapping[str, Any]) -> Optional[Tuple[int, int]]:
    """[classes, features] of the final linear layer (``classifier.1`` in all three networks)."""
    w = state.get("classifier.1.weight")
    return tuple(w.shape) if w is not None and w.dim() == 2 else None  # type: ignore[return-value]


def fit(state: Mapping[str, Any], model) -> Tuple[List[str], List[str], List[str]]:
    """Keys the model has but the state lacks, keys it does not expect, and keys whose shapes differ."""
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    mismatched = [k for k in own if k in state and tuple(own[k].shape) != tuple(state[k].shape)]
    return missing, unexpected, mismatched


def describe_config(arch: str, width: float, groups: int) -> str:
    return f"--arch {arch} --width {width:g}" + (f" --groups {groups}" if arch == "shufflenet" else "")


def fitting_configs(state: Mapping[str, Any], num_classes: int) -> List[Tuple[str, float, int]]:
    """Every (arch, width, groups) of the candidate grid whose state_dict matches ``state`` exactly."""
    from .zoo import build_zoo_model

    found = []
    keys = set(state)
    for arch in ARCHES:
        for width in CANDIDATE_WIDTHS:
            for groups in (CANDIDATE_GROUPS if arch == "shufflenet" else (3,)):
                try:
                    model = build_zoo_model(arch, num_classes, width, groups)
                except (ValueError, RuntimeError):
                    continue  # channels that do not split into these groups
                own = model.state_dict()
                if set(own) == keys and all(tuple(own[k].shape) == tuple(state[k].shape) for k in own):
                    found.append((arch, width, groups))
    return found


def build_fitted_model(state: Mapping[str, Any], info: Mapping[str, Any], arch: str, width: float,
                       groups: int, labels: Sequence[str], labels_from: Optional[str], ckpt: Path):
    """The zoo network with ``state`` loaded strictly, or BadInput saying why it does not fit."""
    from .zoo import build_zoo_model

    shape = classifier_shape(state)
    if shape is not None and shape[0] != len(labels):
        given = "the default Jester label list has" if labels_from is None else f"--labels {labels_from} lists"
        raise BadInput(f"{ckpt} has {shape[0]} classes (classifier.1.weight is {list(shape)}) but {given} "
                       f"{len(labels)} labels: pass --labels FILE with its {shape[0]} labels, one per line, "
                       f"in its output order")
    num_classes = shape[0] if shape is not None else len(labels)
    config = describe_config(arch, width, groups)
    try:
        model = build_zoo_model(arch, num_classes, width, groups)
    except (ValueError, RuntimeError) as e:
        # Channels that do not divide into the groups: say which networks the checkpoint is.
        raise BadInput(f"{config} cannot be built ({e}); {_what_fits(state, info, num_classes)}") from None
    missing, unexpected, mismatched = fit(state, model)
    if missing or unexpected or mismatched:
        raise BadInput(f"{ckpt} does not fit {config}: {len(missing)} keys missing, {len(unexpected)} unexpected, "
                       f"{len(mismatched)} with other shapes (e.g. {(missing + unexpected + mismatched)[0]}); "
                       f"{_what_fits(state, info, num_classes)}")
    model.load_state_dict(state, strict=True)
    return model.eval()


def _what_fits(state: Mapping[str, Any], info: Mapping[str, Any], num_classes: int) -> str:
    fits = fitting_configs(state, num_classes)
    if fits:
        return "it fits " + " or ".join(describe_config(*c) for c in fits) + ": use that"
    recorded = f" (the checkpoint records arch '{info['arch']}')" if info.get("arch") else ""
    return (f"no width in {{{', '.join(f'{w:g}' for w in CANDIDATE_WIDTHS)}}} x groups "
            f"{{{', '.join(map(str, CANDIDATE_GROUPS))}}} of {', '.join(ARCHES)} fits it{recorded}: "
            f"check that it is an Efficient-3DCNNs checkpoint of one of these networks")


# --------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------

class ClipShape:
    """The input shape that export.export_onnx and verify_contract ask a config for."""

    def __init__(self, clip_len: int, height: int, width: int) -> None:
        self.clip_len, self.height, self.width_px = clip_len, height, width

    def input_shape(self, batch: int = 1) -> Tuple[int, int, int, int, int]:
        return (batch, 3, self.clip_len, self.height, self.width_px)


def accuracy_of(info: Mapping[str, Any]) -> Dict[str, Any]:
    """``best_prec1`` (a percentage in that trainer) as the contract's top-1 fraction."""
    prec = info.get("best_prec1")
    try:
        prec = float(prec)  # a tensor or a number
    except (TypeError, ValueError):
        return {"top1": None, "split": "not recorded by the checkpoint"}
    top1 = prec / 100 if prec > 1 else prec
    out: Dict[str, Any] = {"top1": round(top1, 4), "split": ACCURACY_SPLIT}
    if "epoch" in info:
        out["epoch"] = int(info["epoch"])
    return out


def import_checkpoint(ckpt: Path, out: Path, *, arch: str, width: float, groups: int,
                      labels: Optional[Sequence[str]] = None, labels_from: Optional[str] = None,
                      clip_len: int = DEFAULT_CLIP_LEN, size: int = DEFAULT_SIZE, fps: float = DEFAULT_FPS,
                      pixel_mean: Sequence[float] = DEFAULT_PIXEL_MEAN,
                      pixel_std: Sequence[float] = DEFAULT_PIXEL_STD, force: bool = False,
                      opset: int = DEFAULT_OPSET, log=print) -> Dict[str, Any]:
    """Converts ``ckpt`` to ``out``; returns what it wrote (metadata, PyTorch model, check results).

    ``labels`` default to :func:`default_labels`; ``labels_from`` names the file they came from.
    """
    import torch

    from . import contract
    from .export import export_onnx
    from .flops import count_macs
    from .models import count_params
    from .zoo import zoo_arch_name

    if out.exists() and not force:
        raise BadInput(f"{out} already exists: pass --force to replace it, or choose another --out")
    if any(s <= 0 for s in pixel_std):
        raise BadInput(f"--pixel-std {list(pixel_std)} must be positive")
    labels = list(labels) if labels is not None else default_labels()
    state, info = load_checkpoint(ckpt)
    model = build_fitted_model(state, info, arch, width, groups, labels, labels_from, ckpt)
    shape = ClipShape(clip_len, size, size)
    macs, _ = count_macs(model, shape.input_shape(1))
    params = count_params(model)
    meta = contract.build_metadata(
        labels=labels, clip_length=clip_len, frame_height=size, frame_width=size, fps=fps,
        arch=zoo_arch_name(arch, width, groups), dataset=DATASET, accuracy=accuracy_of(info),
        mflops=macs / 1e6, params=params,
        mean=[m / 255.0 for m in pixel_mean], std=[s / 255.0 for s in pixel_std])
    meta["jesture.imported_from"] = json.dumps({
        "format": "efficient-3dcnns", "file": ckpt.name, "sha256": sha256(ckpt),
        **{k: (v if isinstance(v, (int, str)) else round(float(v), 4)) for k, v in info.items()}})
    recorded = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in info.items())
    log(f"checkpoint  {ckpt} ({recorded or 'a bare state_dict'})")
    log(f"model       {meta['jesture.arch']}: {len(labels)} classes, {params:,} parameters, "
        f"{macs / 1e6:.1f} MFLOPs per {clip_len}x{size}x{size} clip")
    log(f"input       RGB, {clip_len} frames at {fps:g} fps; pixels 0..255 minus "
        f"[{', '.join(f'{m:g}' for m in pixel_mean)}], divided by [{', '.join(f'{s:g}' for s in pixel_std)}] "
        f"(jesture.mean = that / 255, jesture.std = that / 255)")
    log(f"labels      {'alphabetical Jester order' if labels_from is None else labels_from}: "
        + ", ".join(f"{i} {label}" for i, label in enumerate(labels[:4])) + ", ...")
    t0 = time.time()
    proto = export_onnx(model, shape, out, meta, opset=opset, max_mb=0,
                        doc=f"{meta['jesture.arch']} imported from {ckpt.name} (Efficient-3DCNNs format)")
    # export_onnx added the embedding output's jesture.embedding_dim to what it wrote.
    meta = {p.key: p.value for p in proto.metadata_props}
    log(f"wrote       {out} ({out.stat().st_size / 1e6:.2f} MB, ONNX opset {opset}, outputs logits [N, {len(labels)}] "
        f"and embedding [N, {meta[contract.EMBEDDING_DIM_KEY]}]) in {time.time() - t0:.1f} s")
    result: Dict[str, Any] = {"metadata": meta, "model": model, "out": out}
    result["ort_max_abs_diff"] = check_with_onnxruntime(model, out, shape, log)
    return result


def check_with_onnxruntime(model, out: Path, shape: ClipShape, log=print) -> Optional[float]:
    """Max |ORT - PyTorch| over the logits of two random clips at the imported scale, when the
    onnxruntime Python package exists (Debian has none; the Java tests then do this comparison)."""
    import torch
    try:
        import onnxruntime as ort  # type: ignore
    except ImportError:
        log("check       onnxruntime for Python is not installed: ORT vs PyTorch not compared here "
            "(TeacherImportTest compares them through jesture's own ORT)")
        return None
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(shape.input_shape(2), generator=gen) * 255 - 110
    with torch.no_grad():
        ref = model(x).numpy()
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    got = sess.run(["logits"], {"clip": x.numpy()})[0]
    diff = float(abs(got - ref).max())
    log(f"check       ORT vs PyTorch on 2 random clips (batch 2): max |diff| {diff:.2e}")
    if diff > 1e-3:
        raise RuntimeError(f"the exported graph disagrees with PyTorch by {diff:.2e}: an exporter bug")
    return diff


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line and exit status 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def parser() -> argparse.ArgumentParser:
    p = _OneLineParser(
        prog="python3 -m jesture_train.importer",
        description="Convert a checkpoint trained elsewhere into one jesture ONNX model with the full "
                    "metadata contract (docs/model-contract.md, docs/import.md). The checkpoint is "
                    "unpickled: import only files you trust.")
    p.add_argument("checkpoint", type=Path, metavar="CHECKPOINT", help="the .pth file")
    p.add_argument("--out", type=Path, required=True, help="the .onnx file to write")
    p.add_argument("--format", default="efficient-3dcnns", help=f"checkpoint format: {', '.join(FORMATS)}")
    p.add_argument("--arch", required=True, help=f"network, as the trainer's --model: {', '.join(ARCHES)}")
    p.add_argument("--width", type=float, default=1.0, help="width multiplier (the trainer's --width_mult; default 1)")
    p.add_argument("--groups", type=int, default=None, help="shufflenet only: groups of its 1x1x1 convs (default 3)")
    p.add_argument("--labels", type=Path,
                   help="labels in the checkpoint's output order, one per line (default: the 27 Jester "
                        "names sorted alphabetically, the order of that trainer)")
    p.add_argument("--clip-len", type=int, default=DEFAULT_CLIP_LEN, help="frames per clip (the trainer's --sample_duration)")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE, help="square frame side (the trainer's --sample_size)")
    p.add_argument("--fps", type=float, default=DEFAULT_FPS,
                   help="frame rate of the clip: the video's fps / the trainer's --downsample (default 12 / 2)")
    p.add_argument("--pixel-mean", default=",".join(map(str, DEFAULT_PIXEL_MEAN)),
                   help="R,G,B mean on the 0..255 scale that the trainer subtracted (default: its Kinetics mean)")
    p.add_argument("--pixel-std", default="1,1,1", help="R,G,B std on the 0..255 scale (default 1,1,1: not divided)")
    p.add_argument("--opset", type=int, default=DEFAULT_OPSET, help="ONNX opset (default 13)")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    a = parser().parse_args(argv)
    try:
        if a.format not in FORMATS:
            raise BadInput(f"unknown --format '{a.format}': this importer reads {', '.join(FORMATS)}")
        if a.arch not in ARCHES:
            raise BadInput(f"unknown --arch '{a.arch}': use one of {', '.join(ARCHES)} "
                           f"(the Efficient-3DCNNs trainer's --model names)")
        if a.groups is not None and a.arch != "shufflenet":
            raise BadInput(f"--groups applies to --arch shufflenet only, not {a.arch}: drop it")
        if not a.width > 0:
            raise BadInput(f"--width must be > 0, was {a.width:g}")
        if a.clip_len < 1 or a.size < 1 or not a.fps > 0:
            raise BadInput(f"--clip-len, --size and --fps must be positive, were {a.clip_len}, {a.size}, {a.fps:g}")
        if a.out.exists() and not a.force:
            raise BadInput(f"{a.out} already exists: pass --force to replace it, or choose another --out")
        if not a.checkpoint.is_file():
            raise BadInput(f"checkpoint {a.checkpoint} does not exist: pass the .pth file the Efficient-3DCNNs "
                           f"trainer saved")
        pixel_mean = parse_triple(a.pixel_mean, "--pixel-mean")
        pixel_std = parse_triple(a.pixel_std, "--pixel-std")
        labels = read_labels(a.labels) if a.labels else None
        require_torch()
        import warnings
        # Tracer and deprecation warnings would bury the summary; the result is checked instead.
        warnings.simplefilter("ignore")
        import_checkpoint(a.checkpoint, a.out, arch=a.arch, width=a.width,
                          groups=a.groups if a.groups is not None else 3,
                          labels=labels, labels_from=str(a.labels) if a.labels else None,
                          clip_len=a.clip_len, size=a.size, fps=a.fps, pixel_mean=pixel_mean,
                          pixel_std=pixel_std, force=a.force, opset=a.opset)
        return 0
    except BadInput as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
