"""Adds the pooled features of an earlier stage to an exported model's ``embedding`` output, for the
few-shot benchmark of docs/adapt.md (``AdaptBench``). The logits are untouched: only new nodes read
the earlier feature map, and the final ``Concat`` that wrote ``embedding`` now writes an inner name.

The embedding of a pooled (2+1)D network is its last stage averaged over everything and over space
at each time step (C * (1 + T) numbers). Features trained on rendered video grow more specific to the
rendered world stage by stage, so an earlier stage may carry more of what a real clip of a new
gesture shares with its takes. This writes an experiment, not a shipped model: a model file made
here has another SHA-256, so a profile fitted on it is refused by the original model.

    /usr/bin/python3 bench/embedding-stages.py models/jesture-r2plus1d.onnx /tmp/me/m.onnx --mode MODE

MODE: ``stage3`` (the third stage alone, pooled the same way: 80 * (1 + 4) = 400 for the default
model), ``concat`` (the embedding, then the third stage's 400: 1,200) or ``concat-normalised`` (the
same, each part scaled to unit L2 norm first, so neither outweighs the other by its activations'
size).
"""
import argparse

import onnx
from onnx import helper

EMBEDDING = "embedding"
DIM_KEY = "jesture.embedding_dim"


def feature_map(graph: onnx.GraphProto, block: int) -> str:
    name = f"/model/blocks/blocks.{block}/relu/Relu_output_0"
    if not any(name in n.output for n in graph.node):
        raise SystemExit(f"{name} is not in the graph: this script knows the default (2+1)D network's node names only")
    return name


def pooled(graph: onnx.GraphProto, t: str, tag: str) -> str:
    """Appends nodes giving [N, C * (1 + T)]: the map ``t`` averaged over (T, H, W), then over (H, W) per step."""
    graph.node.extend([
        helper.make_node("ReduceMean", [t], [f"{tag}_all"], axes=[2, 3, 4], keepdims=0),
        helper.make_node("ReduceMean", [t], [f"{tag}_steps"], axes=[3, 4], keepdims=0),
        helper.make_node("Flatten", [f"{tag}_steps"], [f"{tag}_steps_flat"], axis=1),
        helper.make_node("Concat", [f"{tag}_all", f"{tag}_steps_flat"], [tag], axis=1),
    ])
    return tag


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--mode", choices=["stage3", "concat", "concat-normalised"], required=True)
    ap.add_argument("--block", type=int, default=4, help="the residual block whose output is the earlier stage (4: the third stage's last)")
    args = ap.parse_args()
    m = onnx.load(args.model)
    g = m.graph
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in onnx.shape_inference.infer_shapes(m).graph.value_info}
    if not any(o.name == EMBEDDING for o in g.output):
        raise SystemExit(f"{args.model} has no '{EMBEDDING}' output: export it with jesture_train.export first")
    for n in g.node:
        for i, o in enumerate(n.output):
            if o == EMBEDDING:
                n.output[i] = "embedding_last_stage"
    stage = feature_map(g, args.block)
    earlier = pooled(g, stage, "embedding_earlier_stage")
    if args.mode == "stage3":
        parts = [earlier]
    elif args.mode == "concat":
        parts = ["embedding_last_stage", earlier]
    else:
        g.node.extend([
            helper.make_node("LpNormalization", ["embedding_last_stage"], ["last_n"], axis=1, p=2),
            helper.make_node("LpNormalization", [earlier], ["earlier_n"], axis=1, p=2),
        ])
        parts = ["last_n", "earlier_n"]
    g.node.append(helper.make_node("Concat", parts, [EMBEDDING], axis=1))
    _, channels, steps, _, _ = shapes[stage]
    dim = channels * (1 + steps)
    old = int(next(p.value for p in m.metadata_props if p.key == DIM_KEY))
    new = dim if args.mode == "stage3" else old + dim
    for o in g.output:
        if o.name == EMBEDDING:
            o.type.tensor_type.shape.dim[1].dim_value = new
    for p in m.metadata_props:
        if p.key == DIM_KEY:
            p.value = str(new)
    onnx.checker.check_model(m)
    onnx.save(m, args.out)
    print(f"{args.out}: embedding {old} -> {new}")


if __name__ == "__main__":
    main()
