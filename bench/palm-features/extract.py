#!/usr/bin/python3
"""Every model frame of a set of clips, as MediaPipe's palm detector sees it (docs/palm-features.md).

  extract.py --jester DIR --split train --per-class 200 --out F      rendered clips (Jester layout)
  extract.py --jester ../shared/real-dev/jester --split validation --out F
  extract.py --egogestar ../shared/real-dev/egogestar/labels.csv --out F

Frames are read at 6 fps as track.py reads them, resized to 224 x 128 (RGB in [0, 1]) and run through
the palm detector cut at its stride-16 feature map (palmnet.CUT_16), in ONNX Runtime. Writes F.bin
(float16, [frames, 256, 8, 14], the clips one after another) and F.idx.npy (per clip: its label, its
first frame in F.bin and its frame count).
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import onnx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "hand-landmarks"))
import hands  # noqa: E402
import palmnet  # noqa: E402
from track import add_clip_arguments, frames, selected_clips  # noqa: E402

W, H = 224, 128


def cut_model(palm: Path, out: Path) -> Path:
    """The palm detector up to its stride-16 features, with free height and width."""
    if not out.exists():
        onnx.utils.extract_model(str(palm), str(out), ["input_1"], [palmnet.CUT_16])
        m = onnx.load(str(out))
        dims = m.graph.input[0].type.tensor_type.shape.dim
        dims[2].dim_param, dims[3].dim_param = "H", "W"
        # a plain output name: the ORT helper writes each output to a file of its name
        m.graph.node.append(onnx.helper.make_node("Identity", [palmnet.CUT_16], ["features"]))
        m.graph.ClearField("output")
        m.graph.ClearField("value_info")   # the 192 x 192 shapes inferred at conversion
        m.graph.output.append(onnx.helper.make_tensor_value_info("features", onnx.TensorProto.FLOAT, ["N", 256, "h", "w"]))
        onnx.save(m, str(out))
    return out


def to_input(images) -> np.ndarray:
    from PIL import Image
    return np.stack([np.asarray(im.resize((W, H), Image.BILINEAR), np.float32) / 255.0 for im in images]).transpose(0, 3, 1, 2)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_clip_arguments(ap)
    ap.add_argument("--palm", type=Path, default=Path("target/hands/palm_detection_lite.onnx"))
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    if Path(f"{args.out}.bin").exists():
        print(f"extract: {args.out}.bin exists; choose another --out", file=sys.stderr)
        return 2
    model = cut_model(args.palm, args.palm.with_name(f"{args.palm.stem}_features_16.onnx"))
    clips = selected_clips(args)
    ort = hands.Ort()
    index, at = {}, 0
    try:
        with open(f"{args.out}.bin", "wb") as out:
            for i, (path, label, step) in enumerate(clips):
                imgs = frames(path, step)
                feats = []
                for b in range(0, len(imgs), 24):
                    x = to_input(imgs[b:b + 24])
                    y = next(iter(ort.run(model, x).values()))
                    feats.append(y.reshape(len(x), 256, H // 16, W // 16))
                f = np.concatenate(feats).astype(np.float16)
                out.write(f.tobytes())
                index[str(path)] = dict(label=label, start=at, frames=len(f))
                at += len(f)
                if (i + 1) % 100 == 0:
                    print(f"{i + 1}/{len(clips)} clips", flush=True)
    finally:
        ort.close()
    np.save(f"{args.out}.idx.npy", index, allow_pickle=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
