"""Export a checkpoint to ONNX with the jesture metadata contract, or build the contract fixture.

    python3 -m jesture_train.export --checkpoint RUN/best.pt --out models/jesture.onnx
    python3 -m jesture_train.export --add-embedding OLD.onnx --out NEW.onnx
    python3 -m jesture_train.export --tiny-fixture --out DIR

The graph has one input ``clip`` float32 [N,3,T,H,W] (N dynamic) and two outputs: ``logits`` [N,K]
and ``embedding`` [N,D], the features the final linear layer reads, followed for pooled 3D networks
by the last feature map averaged over space per time step (what few-shot adaptation fits its head
on; see :class:`WithEmbedding`). Everything else the runtime needs is in ``metadata_props`` (docs/model-contract.md).
"""
from __future__ import annotations

import argparse
import inspect
import io
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import onnx
import torch
from torch import nn

from . import contract
from .checkpoint import model_from_checkpoint
from .flops import model_cost
from .augment import _LUMA
from .flow import FLOW_CLIP, FLOW_SCALE, clip_flow
from .models import ModelConfig, build_model

DEFAULT_OPSET = 17  # the newest torch 1.13 exports; ORT 1.29 runs it
DEFAULT_MAX_MB = 20.0


def final_linear(model: nn.Module) -> nn.Linear:
    """The linear layer that produces the logits: ``fc`` of our (2+1)D network, the last module of
    ``classifier`` in C3D and in every zoo network."""
    fc = getattr(model, "fc", None)
    if isinstance(fc, nn.Linear):
        return fc
    classifier = getattr(model, "classifier", None)
    if isinstance(classifier, nn.Sequential) and isinstance(classifier[-1], nn.Linear):
        return classifier[-1]
    raise ValueError(f"{type(model).__name__} has neither an 'fc' linear layer nor a 'classifier' ending in one: "
                     f"cannot tell which features are its embedding")


def pooled_feature_head(model: nn.Module) -> Optional[nn.Module]:
    """The head that globally averages the last spatio-temporal feature map [N, C, T, H, W] (our
    (2+1)D networks with the pooled head, TTL included), or None for networks without one (C3D's fc
    layers, the attention head, imported networks)."""
    head = getattr(model, "head", None)
    if isinstance(head, nn.Sequential) and len(head) > 0 and isinstance(head[0], nn.AdaptiveAvgPool3d):
        size = head[0].output_size
        if size == 1 or size == (1, 1, 1):
            return head
    return None


class WithEmbedding(nn.Module):
    """``model`` unchanged, returning ``(logits, embedding)``.

    The embedding starts with the input of the final linear layer, caught by a pre-hook while the
    model runs its own forward: a hook rather than a second forward, so the logits come from exactly
    the graph they always came from. In eval mode the dropout before that layer is the identity, so
    for the pooled networks this is the globally pooled feature vector (C3D: its fc7 activations).

    For networks with a pooled head (:func:`pooled_feature_head`) the embedding goes on with the last
    feature map averaged over space at each of its time steps (channel-major: C blocks of T). Global
    pooling throws away the order in which things happen; a few-shot head fitted on the embedding
    needs it to tell apart gestures made with the same hand shape (a circle from a tick, a swipe
    left from a swipe right): on the EgoGestAR benchmark of docs/adapt.md it raised top-1 at k = 5
    from 0.539 to 0.626 on the same weights. D is then C * (1 + T).
    """

    def __init__(self, model: nn.Module, temporal: bool = True) -> None:
        super().__init__()
        self.model = model
        self.head = final_linear(model)
        self.feature_head = pooled_feature_head(model) if temporal else None

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        seen: List[torch.Tensor] = []
        maps: List[torch.Tensor] = []
        handles = [self.head.register_forward_pre_hook(lambda _module, args: seen.append(args[0]))]
        if self.feature_head is not None:
            handles.append(self.feature_head.register_forward_pre_hook(lambda _module, args: maps.append(args[0])))
        try:
            logits = self.model(x)
        finally:
            for handle in handles:
                handle.remove()
        if len(seen) != 1:
            raise RuntimeError(f"the final linear layer ran {len(seen)} times in one forward; expected once")
        features = seen[0]
        # Flattening a 2-D tensor would add a no-op node to the graph; every network here is 2-D already.
        features = features if features.dim() == 2 else torch.flatten(features, 1)
        if maps:
            features = torch.cat([features, torch.flatten(maps[0].mean(dim=(3, 4)), 1)], 1)
        return logits, features


def export_onnx(model: nn.Module, cfg: ModelConfig, out: Path, metadata: Mapping[str, str],
                opset: int = DEFAULT_OPSET, max_mb: float = DEFAULT_MAX_MB,
                doc: str = "jesture gesture classifier", embedding: bool = True) -> onnx.ModelProto:
    """Exports ``model`` (eval mode, on CPU) and writes ``out`` with ``metadata``; returns the proto.

    With ``embedding`` (the default) the graph also outputs ``embedding`` and the metadata gains
    ``jesture.embedding_dim``; without it the file is what jesture wrote before embeddings existed.
    Raises ValueError when the file would break the contract (names, shapes, keys, size).
    """
    model = model.cpu().eval()
    metadata = dict(metadata)
    output_names = [contract.OUTPUT_NAME]
    module: nn.Module = model
    flow = metadata.get(contract.INPUT_KEY) == "flow"
    reads = _input_kind(cfg)
    if flow != (reads == "flow"):
        raise ValueError(f"metadata {contract.INPUT_KEY}={metadata.get(contract.INPUT_KEY)!r} but the network reads {reads}")
    if flow:
        model.takes_flow = True  # the graph starts after clip_flow; the runtime computes the flow
    dummy = torch.zeros(graph_input_shape(cfg))
    if embedding:
        module = WithEmbedding(model).eval()
        output_names.append(contract.EMBEDDING_NAME)
        with torch.no_grad():
            metadata[contract.EMBEDDING_DIM_KEY] = str(int(module(dummy)[1].shape[1]))
    else:
        metadata.pop(contract.EMBEDDING_DIM_KEY, None)
    buf = io.BytesIO()
    kwargs: Dict[str, Any] = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # torch >= 2.9 defaults to the dynamo exporter; keep the TorchScript one
    try:
        with torch.no_grad():
            torch.onnx.export(
                module, (dummy,), buf,
                input_names=[contract.INPUT_NAME], output_names=output_names,
                dynamic_axes={name: {0: "batch"} for name in [contract.INPUT_NAME, *output_names]},
                opset_version=opset, do_constant_folding=True,
                training=torch.onnx.TrainingMode.EVAL, **kwargs,
            )
    finally:
        if flow:
            model.takes_flow = False  # the caller's network reads frames again
    proto = onnx.load_from_string(buf.getvalue())
    if embedding:
        # The exporter's shape inference leaves D symbolic after some ops (ShuffleNet's concatenated
        # shortcuts); D is known, and the runtime sizes its buffer from the graph.
        dim = proto.graph.output[1].type.tensor_type.shape.dim[1]
        dim.Clear()
        dim.dim_value = int(metadata[contract.EMBEDDING_DIM_KEY])
    del proto.metadata_props[:]
    for key, value in metadata.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, str(value)
    proto.producer_name = "jesture_train"
    proto.doc_string = doc
    onnx.checker.check_model(proto)
    verify_contract(proto, cfg)
    data = proto.SerializeToString()
    size_mb = len(data) / 1e6
    if max_mb > 0 and size_mb > max_mb:
        raise ValueError(f"exported model is {size_mb:.1f} MB, over the {max_mb:g} MB limit; "
                         f"use a smaller --width, or pass --max-mb 0 to allow it")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return proto


def graph_input_shape(cfg: ModelConfig, batch: int = 1) -> Tuple[int, ...]:
    """The ONNX input's shape: the clip, or for a flow network its flow (2 channels)."""
    n, _, t, h, w = cfg.input_shape(batch)
    return (n, 2 if _input_kind(cfg) == "flow" else 3, t, h, w)


def _input_kind(cfg) -> str:
    """What the network reads, "rgb" or "flow"; the importer's ClipShape describes RGB networks only."""
    return getattr(cfg, "input", "rgb")


def verify_contract(proto: onnx.ModelProto, cfg: Optional[ModelConfig] = None) -> Dict[str, str]:
    """Checks graph names/shapes and that every contract key is present and parses; returns the metadata."""
    meta = {p.key: p.value for p in proto.metadata_props}
    missing = [k for k in contract.REQUIRED_KEYS if k not in meta]
    if missing:
        raise ValueError(f"model metadata lacks {missing}")
    labels = json.loads(meta["jesture.labels"])
    for key in ("jesture.background_labels", "jesture.mean", "jesture.std", "jesture.accuracy"):
        json.loads(meta[key])
    for key in ("jesture.clip_length", "jesture.frame_height", "jesture.frame_width", "jesture.params"):
        int(meta[key])
    float(meta["jesture.fps"]), float(meta["jesture.mflops"])
    graph = proto.graph
    inputs = [i for i in graph.input if i.name not in {x.name for x in graph.initializer}]
    outputs = [o.name for o in graph.output]
    has_embedding = contract.EMBEDDING_DIM_KEY in meta
    expect_out = [contract.OUTPUT_NAME] + ([contract.EMBEDDING_NAME] if has_embedding else [])
    if [i.name for i in inputs] != [contract.INPUT_NAME] or outputs != expect_out:
        raise ValueError(f"graph must have input '{contract.INPUT_NAME}' and outputs {expect_out} "
                         f"({contract.EMBEDDING_NAME!r} exactly when {contract.EMBEDDING_DIM_KEY} is set), "
                         f"has {[i.name for i in inputs]} -> {outputs}")
    in_dims = [d.dim_param or d.dim_value for d in inputs[0].type.tensor_type.shape.dim]
    out_dims = [d.dim_param or d.dim_value for d in graph.output[0].type.tensor_type.shape.dim]
    if not isinstance(in_dims[0], str) or not isinstance(out_dims[0], str):
        raise ValueError(f"batch dimension must be dynamic, got input {in_dims} output {out_dims}")
    if has_embedding:
        dim = int(meta[contract.EMBEDDING_DIM_KEY])
        emb_dims = [d.dim_param or d.dim_value for d in graph.output[1].type.tensor_type.shape.dim]
        if len(emb_dims) != 2 or not isinstance(emb_dims[0], str) or emb_dims[1] != dim:
            raise ValueError(f"output '{contract.EMBEDDING_NAME}' has shape {emb_dims}, expected [batch, {dim}] "
                             f"({contract.EMBEDDING_DIM_KEY})")
    if contract.input_kind(meta) == "hands":
        expect_in = [int(meta["jesture.clip_length"]), contract.HAND_FEATURES]
        if json.loads(meta.get(contract.HANDS_KEY, "null")) != contract.HANDS_SPEC:
            raise ValueError(f"{contract.HANDS_KEY} must be {json.dumps(contract.HANDS_SPEC)}, "
                             f"found {meta.get(contract.HANDS_KEY)}")
    else:
        expect_in = [contract.input_channels(meta), int(meta["jesture.clip_length"]), int(meta["jesture.frame_height"]),
                     int(meta["jesture.frame_width"])]
    if in_dims[1:] != expect_in or out_dims[1:] != [len(labels)]:
        raise ValueError(f"graph shapes input {in_dims} output {out_dims} disagree with metadata "
                         f"(input [batch,{expect_in}], {len(labels)} labels)")
    if cfg is not None and list(graph_input_shape(cfg)[1:]) != expect_in:
        raise ValueError(f"metadata sizes {expect_in} disagree with the model config {graph_input_shape(cfg)}")
    if contract.FLOW_KEY in meta or expect_in[0] == 2:
        spec = json.loads(meta[contract.FLOW_KEY])
        if spec.get("method") != "dis" or spec.get("preset") != "medium":
            raise ValueError(f"{contract.FLOW_KEY} {spec}: only DIS with the medium preset is defined")
    return meta


def save_derived(model: onnx.ModelProto, meta: Mapping[str, str], out: Path) -> None:
    """Writes a model derived from exported ones (fused, mirrored) with ``meta`` as its only metadata:
    checked by ONNX and against the contract first, then :func:`save_atomically`."""
    del model.metadata_props[:]
    for key, value in meta.items():
        e = model.metadata_props.add()
        e.key, e.value = key, value
    onnx.checker.check_model(model)
    verify_contract(model)
    save_atomically(model, out)


def save_atomically(model: onnx.ModelProto, out: Path) -> None:
    """Writes ``model`` beside ``out`` and moves it into place, so that a failed write never leaves
    half a model under the name a configuration points at."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    onnx.save(model, str(tmp))
    tmp.replace(out)


def write_derived(inputs: Sequence[Path], write: Callable[[], Dict[str, str]]) -> Optional[Dict[str, str]]:
    """The command line of a derived model (fuse, mirror): every input must be a file, and a refusal
    of ``write`` becomes one line on stderr. Returns the written metadata, or None (exit 2)."""
    for m in inputs:
        if not m.is_file():
            print(f"error: model {m} not found; give the path of an exported .onnx file", file=sys.stderr)
            return None
    try:
        return write()
    except (ValueError, onnx.checker.ValidationError) as e:
        print(f"error: {e}", file=sys.stderr)
        return None


def add_embedding_output(proto: onnx.ModelProto) -> onnx.ModelProto:
    """A copy of an exported jesture model with the ``embedding`` output added: the tensor its final
    ``Gemm`` reads, renamed, and ``jesture.embedding_dim``. No node, weight or attribute changes, so the
    logits are those of the original file bit for bit; for models whose checkpoint is gone.

    Raises ValueError when ``logits`` does not come from a Gemm or the model has an embedding already.
    """
    out = onnx.ModelProto()
    out.CopyFrom(proto)
    graph = out.graph
    if any(o.name == contract.EMBEDDING_NAME for o in graph.output):
        raise ValueError(f"the model already has an output '{contract.EMBEDDING_NAME}'")
    producers = [n for n in graph.node if contract.OUTPUT_NAME in n.output]
    if len(producers) != 1 or producers[0].op_type != "Gemm":
        raise ValueError(f"'{contract.OUTPUT_NAME}' is not produced by one Gemm node "
                         f"({[n.op_type for n in producers]}): re-export the model from its checkpoint instead")
    gemm = producers[0]
    weights = {i.name: list(i.dims) for i in graph.initializer}
    if gemm.input[1] not in weights or len(weights[gemm.input[1]]) != 2:
        raise ValueError("the final Gemm's weight is not a 2-D initializer: re-export the model from its checkpoint instead")
    trans_b = next((a.i for a in gemm.attribute if a.name == "transB"), 0)
    dim = weights[gemm.input[1]][1 if trans_b else 0]
    features = gemm.input[0]
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == features:
                node.input[i] = contract.EMBEDDING_NAME
        for i, name in enumerate(node.output):
            if name == features:
                node.output[i] = contract.EMBEDDING_NAME
    for info in graph.value_info:
        if info.name == features:
            info.name = contract.EMBEDDING_NAME
    batch = graph.output[0].type.tensor_type.shape.dim[0].dim_param or "batch"
    graph.output.append(onnx.helper.make_tensor_value_info(contract.EMBEDDING_NAME, onnx.TensorProto.FLOAT, [batch, dim]))
    entry = out.metadata_props.add()
    entry.key, entry.value = contract.EMBEDDING_DIM_KEY, str(dim)
    onnx.checker.check_model(out)
    verify_contract(out)
    return out


def metadata_for(model: nn.Module, cfg: ModelConfig, *, labels: Sequence[str], fps: float,
                 dataset: str, accuracy: Mapping[str, Any],
                 mean: Sequence[float] = contract.DEFAULT_MEAN,
                 std: Sequence[float] = contract.DEFAULT_STD) -> Dict[str, str]:
    if len(labels) != cfg.num_classes:
        raise ValueError(f"{len(labels)} labels for a model with {cfg.num_classes} outputs")
    cost = model_cost(model, cfg)
    meta = contract.build_metadata(
        labels=labels, clip_length=cfg.clip_len, frame_height=cfg.height, frame_width=cfg.width_px,
        fps=fps, arch=cfg.name(), dataset=dataset, accuracy=accuracy, mflops=cost["mflops"],
        params=int(cost["params"]), mean=mean, std=std)
    if _input_kind(cfg) == "flow":
        if list(mean) != list(contract.DEFAULT_MEAN) or list(std) != list(contract.DEFAULT_STD):
            raise ValueError("a flow network is trained on clips normalised with the default mean and std")
        meta[contract.INPUT_KEY] = "flow"
        meta[contract.FLOW_KEY] = json.dumps(contract.flow_spec(FLOW_SCALE, FLOW_CLIP, _LUMA))
    return meta


# --------------------------------------------------------------------------------------------
# Tiny fixture for the Java contract test
# --------------------------------------------------------------------------------------------

def write_tiny_fixture(out_dir: Path, seed: int = 1234, steps: int = 8) -> Dict[str, Any]:
    """A tiny r2plus1d (T=8, 32x32, 27 Jester labels), trained a few Adam steps on random data so
    the BN running statistics and weights are non-trivial, exported with full metadata (``tiny.onnx``,
    and ``tiny_plain.onnx`` without the embedding output), plus a fixed input (batch 2) and PyTorch's
    logits and embedding for it as little-endian float32 files.
    """
    torch.manual_seed(seed)
    cfg = ModelConfig(arch="r2plus1d", num_classes=len(contract.JESTER_LABELS), width=0.25,
                      clip_len=8, height=32, width_px=32, dropout=0.0)
    model = build_model(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, amsgrad=True)
    gen = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(steps):
        x = torch.randn(4, 3, cfg.clip_len, cfg.height, cfg.width_px, generator=gen) * 1.5 + 0.3
        y = torch.randint(0, cfg.num_classes, (4,), generator=gen)
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    x = torch.randn(2, 3, cfg.clip_len, cfg.height, cfg.width_px, generator=gen)
    with torch.no_grad():
        logits, embedding = WithEmbedding(model)(x)
    meta = metadata_for(model, cfg, labels=contract.JESTER_LABELS, fps=12,
                        dataset=f"random tensors, {steps} Adam steps, seed={seed} (contract fixture)",
                        accuracy={"top1": None, "split": "none: contract fixture"})
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    export_onnx(model, cfg, out_dir / "tiny.onnx", meta, doc="jesture contract fixture (untrained)")
    # The same weights exported as before embeddings existed: the runtime must still load such a
    # model, and its logits must equal those of tiny.onnx.
    export_onnx(model, cfg, out_dir / "tiny_plain.onnx", meta, doc="jesture contract fixture (untrained)",
                embedding=False)
    x.numpy().astype("<f4").tofile(out_dir / "input.bin")
    logits.numpy().astype("<f4").tofile(out_dir / "logits.bin")
    embedding.numpy().astype("<f4").tofile(out_dir / "embedding.bin")
    info = {
        "model": "tiny.onnx",
        "input": {"file": "input.bin", "name": contract.INPUT_NAME, "shape": list(x.shape),
                  "dtype": "float32", "byte_order": "little"},
        "plain_model": "tiny_plain.onnx",
        "logits": {"file": "logits.bin", "name": contract.OUTPUT_NAME, "shape": list(logits.shape),
                   "dtype": "float32", "byte_order": "little"},
        "embedding": {"file": "embedding.bin", "name": contract.EMBEDDING_NAME, "shape": list(embedding.shape),
                      "dtype": "float32", "byte_order": "little"},
        "tolerance": 1e-4,
        "labels": contract.JESTER_LABELS,
        "argmax": logits.argmax(1).tolist(),
        "seed": seed,
        "torch": torch.__version__,
        "onnx_opset": DEFAULT_OPSET,
    }
    try:
        import cv2  # noqa: F401  (Debian: python3-opencv; the flow fixture needs the trainer's DIS)
    except ImportError:
        info["flow"] = None
    else:
        info["flow"] = _tiny_flow_fixture(out_dir, seed)
    (out_dir / "fixture.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def _tiny_flow_fixture(out_dir: Path, seed: int) -> Dict[str, Any]:
    """A tiny flow network (T=8, 48x64, untrained weights with BN statistics from a few steps) and
    a clip of a textured square moving right and down: the runtime must compute the flow this
    module's clip_flow computes (``flow.bin``) and the logits PyTorch gets from it."""
    torch.manual_seed(seed)
    cfg = ModelConfig(arch="r2plus1d", num_classes=len(contract.JESTER_LABELS), width=0.25,
                      clip_len=8, height=48, width_px=64, dropout=0.0, input="flow")
    model = build_model(cfg)
    model.train()
    gen = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for _ in range(4):  # BN running statistics of flow-like input, so that the logits are not flat
            model.takes_flow = True
            model(torch.randn(4, 2, cfg.clip_len, cfg.height, cfg.width_px, generator=gen))
    model.takes_flow = False
    model.eval()
    with torch.no_grad():
        model.fc.weight.mul_(200.0)  # logits of a few units, so that a wrong flow shows in them
    rgb = torch.full((1, 3, cfg.clip_len, cfg.height, cfg.width_px), 0.3)
    texture = torch.rand(3, 16, 16, generator=gen) * 0.6 + 0.4
    for t in range(cfg.clip_len):
        y, x = 8 + t, 10 + 2 * t
        rgb[0, :, t, y:y + 16, x:x + 16] = texture
    mean = torch.tensor(contract.DEFAULT_MEAN).view(1, 3, 1, 1, 1)
    std = torch.tensor(contract.DEFAULT_STD).view(1, 3, 1, 1, 1)
    x = (rgb - mean) / std
    flow = clip_flow(x, contract.DEFAULT_MEAN, contract.DEFAULT_STD)
    with torch.no_grad():
        logits = model(x)
    meta = metadata_for(model, cfg, labels=contract.JESTER_LABELS, fps=12,
                        dataset=f"untrained flow network, seed={seed} (contract fixture)",
                        accuracy={"top1": None, "split": "none: contract fixture"})
    export_onnx(model, cfg, out_dir / "tiny_flow.onnx", meta, doc="jesture contract fixture (flow, untrained)")
    x.numpy().astype("<f4").tofile(out_dir / "flow_input.bin")
    flow.numpy().astype("<f4").tofile(out_dir / "flow.bin")
    logits.numpy().astype("<f4").tofile(out_dir / "flow_logits.bin")
    return {"model": "tiny_flow.onnx", "input": "flow_input.bin", "input_shape": list(x.shape),
            "flow": "flow.bin", "flow_shape": list(flow.shape), "logits": "flow_logits.bin",
            "motion_px_per_frame": [2, 1]}


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

def _load_accuracy(report: Optional[Path], checkpoint: Path) -> Dict[str, Any]:
    candidates = [report] if report else [checkpoint.parent / "eval" / "report.json"]
    for path in candidates:
        if path and path.is_file():
            rep = json.loads(path.read_text())
            return {"top1": rep["top1"], "top5": rep.get("top5"), "split": rep.get("split", "validation"),
                    "clips": rep.get("clips"), "dataset": rep.get("dataset")}
    if report:
        raise FileNotFoundError(f"--report {report} does not exist; run jesture_train.evaluate first")
    print(f"warning: no evaluation report at {candidates[0]}; jesture.accuracy says 'not measured'. "
          f"Run jesture_train.evaluate or pass --report.", file=sys.stderr)
    return {"top1": None, "split": "not measured"}


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(
        prog="python3 -m jesture_train.export",
        description="Export a training checkpoint to ONNX with the jesture metadata contract "
                    "(docs/model-contract.md), or write the tiny contract fixture for the Java tests.")
    p.add_argument("--checkpoint", type=Path, help="checkpoint written by jesture_train.train: best.pt, or best.npz (pickle-free, any torch version)")
    p.add_argument("--out", type=Path, required=True,
                   help="output .onnx file (or, with --tiny-fixture, the fixture directory)")
    p.add_argument("--report", type=Path,
                   help="evaluation report.json for jesture.accuracy (default: CHECKPOINT_DIR/eval/report.json)")
    p.add_argument("--dataset", help="override jesture.dataset (default: what the checkpoint recorded)")
    p.add_argument("--opset", type=int, default=DEFAULT_OPSET, help="ONNX opset (<= 17 with torch 1.13)")
    p.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB,
                   help="refuse to write a larger file (0 = no limit)")
    p.add_argument("--add-embedding", type=Path, metavar="MODEL.onnx",
                   help="instead of a checkpoint, take an exported jesture model without the embedding output and "
                        "write it with that output added (nothing else changes; its logits stay bit for bit)")
    p.add_argument("--tiny-fixture", action="store_true",
                   help="write DIR/tiny.onnx, input.bin, logits.bin, fixture.json (contract test fixture)")
    p.add_argument("--seed", type=int, default=1234, help="seed of the tiny fixture")
    a = p.parse_args(argv)
    t0 = time.time()
    try:
        if a.tiny_fixture:
            info = write_tiny_fixture(a.out, seed=a.seed)
            print(f"wrote fixture to {a.out} (logits {info['logits']['shape']}) in {time.time() - t0:.1f}s")
            return 0
        if a.add_embedding is not None:
            if not a.add_embedding.is_file():
                raise FileNotFoundError(f"--add-embedding {a.add_embedding} does not exist")
            if a.out.exists():
                raise ValueError(f"{a.out} already exists: choose another --out")
            proto = add_embedding_output(onnx.load(str(a.add_embedding)))
            a.out.parent.mkdir(parents=True, exist_ok=True)
            a.out.write_bytes(proto.SerializeToString())
            dim = {p.key: p.value for p in proto.metadata_props}[contract.EMBEDDING_DIM_KEY]
            print(f"wrote {a.out}: {a.add_embedding} with output embedding [N, {dim}] added in {time.time() - t0:.1f}s")
            return 0
        if a.checkpoint is None:
            p.error("--checkpoint is required (or use --add-embedding or --tiny-fixture)")
        model, cfg, state = model_from_checkpoint(a.checkpoint)
        meta_in = state.get("meta", {})
        labels = meta_in.get("labels")
        if not labels:
            raise ValueError(f"{a.checkpoint} records no labels; it was not written by jesture_train.train")
        accuracy = _load_accuracy(a.report, a.checkpoint)
        meta = metadata_for(model, cfg, labels=labels, fps=meta_in.get("fps", 12),
                            dataset=a.dataset or meta_in.get("dataset", "unknown"), accuracy=accuracy,
                            mean=meta_in.get("mean", contract.DEFAULT_MEAN),
                            std=meta_in.get("std", contract.DEFAULT_STD))
        proto = export_onnx(model, cfg, a.out, meta, opset=a.opset, max_mb=a.max_mb)
        dim = {p.key: p.value for p in proto.metadata_props}[contract.EMBEDDING_DIM_KEY]
        size = a.out.stat().st_size / 1e6
        print(f"wrote {a.out} ({size:.2f} MB, {meta['jesture.arch']}, {meta['jesture.mflops']} MFLOPs, "
              f"{meta['jesture.params']} params, embedding [N, {dim}]) "
              f"in {time.time() - t0:.1f}s")
        return 0
    except (ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
