"""Fuse exported jesture models into one ONNX file that is their ensemble.

``jesture run --model A B`` already runs an ensemble (the Java ``EnsembleScores``): the normalised
product of the members' probabilities, and the plain mean of their ``log(sum(exp(logits)))`` for the
rejection gate. A fused file computes exactly that inside one graph, so that the pair is one model:
one file to ship and to name in a configuration, one ``jesture.rejection`` entry calibrated on the
pair itself (a runtime ensemble has no file to carry its gate), one ``jesture info``. Its outputs:

- ``logits`` = ``log_softmax(mean_i log_softmax(logits_i)) + mean_i logsumexp(logits_i)``: the softmax
  is the members' normalised product, and the log-sum-exp is their mean, as at run time;
- ``embedding`` = the members' embeddings side by side, in member order (when every member has one).

Members must share the contract the runtime needs to feed them one clip (labels and their order,
background labels, clip length, frame size, fps, colour order, mean, std, resize) and take RGB input.

    python3 -m jesture_train.fuse models/jesture-r2plus1d.onnx models/zoo/r2plus1d-small-w1-r7-hv2.onnx \\
        --out models/zoo/pair-r4-hv2.onnx
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import onnx
from onnx import helper, TensorProto

from jesture_train import contract
from jesture_train.export import save_derived, verify_contract, write_derived
from jesture_train.importer import sha256

# What every member must agree on: the runtime prepares one clip for all of them.
SHARED_KEYS = ["jesture.contract", "jesture.labels", "jesture.background_labels", "jesture.clip_length",
               "jesture.frame_height", "jesture.frame_width", "jesture.fps", "jesture.color_order",
               "jesture.mean", "jesture.std", "jesture.resize"]


def _same(key: str, a: str, b: str) -> bool:
    # JSON values may differ only in spacing between exporters
    if key in ("jesture.labels", "jesture.background_labels", "jesture.mean", "jesture.std", "jesture.fps"):
        return json.loads(a) == json.loads(b)
    return a == b


def fuse(members: Sequence[Path], out: Path) -> Dict[str, str]:
    """Writes the ensemble of ``members`` to ``out`` (which must not exist); returns its metadata."""
    if len(members) < 2:
        raise ValueError("fusing needs at least two models")
    if out.exists():
        raise ValueError(f"{out} exists; choose another --out (fuse never overwrites)")
    protos: List[onnx.ModelProto] = []
    metas: List[Dict[str, str]] = []
    for m in members:
        proto = onnx.load(str(m))
        metas.append(verify_contract(proto))
        protos.append(proto)
    first = metas[0]
    for path, meta in zip(members[1:], metas[1:]):
        for key in SHARED_KEYS:
            if not _same(key, first[key], meta[key]):
                raise ValueError(f"{path} has {key} = {meta[key]}, but {members[0]} has {first[key]}: "
                                 f"the members of a fused model must share the clip they are fed")
    for path, meta in zip(members, metas):
        if contract.input_channels(meta) != 3:
            raise ValueError(f"{path} reads {contract.input_kind(meta)}, not frames; fuse RGB models only "
                             f"(run a flow network beside others with jesture run --model A F instead)")
    opsets = {tuple((o.domain, o.version) for o in p.opset_import) for p in protos}
    if len(opsets) != 1:
        raise ValueError(f"the members use different opsets {sorted(opsets)}; re-export them with one")
    with_embedding = all(contract.EMBEDDING_DIM_KEY in m for m in metas)

    nodes, inits, value_infos = [], [], []
    fused_inputs, lses, embs = [], [], []
    for i, proto in enumerate(protos):
        pre = f"m{i}/"
        g = proto.graph

        def name(n: str) -> str:
            # every member reads the one shared input; "" is ONNX's absent optional input
            return n if n in ("", contract.INPUT_NAME) else pre + n

        for init in g.initializer:
            t = onnx.TensorProto()
            t.CopyFrom(init)
            t.name = name(init.name)
            inits.append(t)
        for node in g.node:
            if any(a.type == onnx.AttributeProto.GRAPH for a in node.attribute):
                raise ValueError(f"{members[i]} has control flow (subgraphs); fusing does not rename inside them")
            n = onnx.NodeProto()
            n.CopyFrom(node)
            n.name = pre + (node.name or f"node{len(nodes)}")
            del n.input[:]
            n.input.extend(name(x) for x in node.input)
            del n.output[:]
            n.output.extend(name(x) for x in node.output)
            nodes.append(n)
        for vi in g.value_info:
            v = onnx.ValueInfoProto()
            v.CopyFrom(vi)
            v.name = name(vi.name)
            value_infos.append(v)
        logits = name(contract.OUTPUT_NAME)
        nodes.append(helper.make_node("LogSoftmax", [logits], [pre + "log_probs"], axis=1, name=pre + "fuse_log_probs"))
        nodes.append(helper.make_node("ReduceLogSumExp", [logits], [pre + "lse"], axes=[1], keepdims=1,
                                      name=pre + "fuse_lse"))
        fused_inputs.append(pre + "log_probs")
        lses.append(pre + "lse")
        if with_embedding:
            embs.append(name(contract.EMBEDDING_NAME))

    n = float(len(protos))
    inv = helper.make_tensor("fuse/inv_n", TensorProto.FLOAT, [], [1.0 / n])
    inits.append(inv)
    nodes += [
        helper.make_node("Sum", fused_inputs, ["fuse/sum_log_probs"], name="fuse/sum_log_probs"),
        helper.make_node("Mul", ["fuse/sum_log_probs", "fuse/inv_n"], ["fuse/mean_log_probs"], name="fuse/mean_log_probs"),
        helper.make_node("LogSoftmax", ["fuse/mean_log_probs"], ["fuse/log_product"], axis=1, name="fuse/log_product"),
        helper.make_node("Sum", lses, ["fuse/sum_lse"], name="fuse/sum_lse"),
        helper.make_node("Mul", ["fuse/sum_lse", "fuse/inv_n"], ["fuse/mean_lse"], name="fuse/mean_lse"),
        helper.make_node("Add", ["fuse/log_product", "fuse/mean_lse"], [contract.OUTPUT_NAME], name="fuse/logits"),
    ]
    k = len(json.loads(first["jesture.labels"]))
    outputs = [helper.make_tensor_value_info(contract.OUTPUT_NAME, TensorProto.FLOAT, ["batch", k])]
    dim = 0
    if with_embedding:
        dim = sum(int(m[contract.EMBEDDING_DIM_KEY]) for m in metas)
        nodes.append(helper.make_node("Concat", embs, [contract.EMBEDDING_NAME], axis=1, name="fuse/embedding"))
        outputs.append(helper.make_tensor_value_info(contract.EMBEDDING_NAME, TensorProto.FLOAT, ["batch", dim]))
    graph = helper.make_graph(nodes, "jesture_fused", [protos[0].graph.input[0]], outputs, inits, value_info=value_infos)
    model = helper.make_model(graph, opset_imports=list(protos[0].opset_import),
                              producer_name="jesture_train.fuse")
    model.ir_version = protos[0].ir_version

    meta = {key: first[key] for key in SHARED_KEYS}
    meta["jesture.arch"] = "ensemble(" + " + ".join(m["jesture.arch"] for m in metas) + ")"
    meta["jesture.dataset"] = " | ".join(m["jesture.dataset"] for m in metas)
    # Each member's own held-out accuracy, on its own data: the pair's is measured after fusing.
    meta["jesture.accuracy"] = json.dumps({"members": [json.loads(m["jesture.accuracy"]) for m in metas],
                                           "note": "the members' own figures; the fused model's are in its model card"})
    meta["jesture.mflops"] = str(round(sum(float(m["jesture.mflops"]) for m in metas), 2))
    meta["jesture.params"] = str(sum(int(m["jesture.params"]) for m in metas))
    if with_embedding:
        meta[contract.EMBEDDING_DIM_KEY] = str(dim)
    meta["jesture.members"] = json.dumps([{"file": p.name, "sha256": sha256(p), "arch": m["jesture.arch"]}
                                          for p, m in zip(members, metas)])
    # The members' gates were calibrated on their own logits; the pair needs its own (eval-quiet --calibrate).
    save_derived(model, meta, out)
    return meta


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.fuse",
                                description="Fuse exported jesture models into one ONNX file: their ensemble "
                                            "(normalised product of probabilities), as jesture run --model A B runs it.")
    p.add_argument("members", type=Path, nargs="+", help="two or more exported .onnx models sharing one contract")
    p.add_argument("--out", type=Path, required=True, help="the fused model to write (must not exist)")
    args = p.parse_args(argv)
    meta = write_derived(args.members, lambda: fuse(args.members, args.out))
    if meta is None:
        return 2
    print(f"wrote {args.out}: {len(args.members)} members, {meta['jesture.mflops']} MFLOPs, "
          f"{meta['jesture.params']} parameters; calibrate its gate with jesture eval-quiet --calibrate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
