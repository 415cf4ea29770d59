"""PyTorch's logits for one real clip, so another runtime can be compared with the checkpoint itself.

    python3 -m jesture_train.reference --arch shufflenet --width 0.5 --groups 3 CHECKPOINT.pth \\
        --frames DATA/thumb_up --out target/teacher-reference

Takes ``--clip-len`` frames of a Jester-layout folder with temporal stride ``--stride`` (12-fps
frames at stride 2 are the 6 fps the Efficient-3DCNNs Jester models expect), resizes them with the
contract's ``cover_center_crop`` and writes:

- ``frames.u8``: the uint8 RGB pixels the model sees, ``[T, H, W, 3]``, row-major;
- ``reference.json``: their shape, the logits PyTorch computes from them with the checkpoint's
  own input rule (0..255 minus ``--pixel-mean``, divided by ``--pixel-std``), and the top-1 label.

A runtime that reads the same pixels and follows the jesture contract of the imported ONNX file
must reproduce those logits (jesture's TeacherImportTest does, through its Preprocessor and ORT).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from .importer import (DEFAULT_CLIP_LEN, DEFAULT_PIXEL_MEAN, DEFAULT_PIXEL_STD, DEFAULT_SIZE, BadInput,
                       _OneLineParser, build_fitted_model, default_labels, load_checkpoint, parse_triple,
                       read_labels, require_torch)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = _OneLineParser(prog="python3 -m jesture_train.reference", description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoint", type=Path, metavar="CHECKPOINT")
    p.add_argument("--arch", required=True)
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--groups", type=int, default=3)
    p.add_argument("--labels", type=Path, help="as for jesture_train.importer")
    p.add_argument("--frames", type=Path, required=True, help="a folder of 00001.jpg, 00002.jpg, ...")
    p.add_argument("--stride", type=int, default=2, help="take every N-th frame (default 2: 12 fps -> 6 fps)")
    p.add_argument("--clip-len", type=int, default=DEFAULT_CLIP_LEN)
    p.add_argument("--size", type=int, default=DEFAULT_SIZE)
    p.add_argument("--pixel-mean", default=",".join(map(str, DEFAULT_PIXEL_MEAN)))
    p.add_argument("--pixel-std", default=",".join(map(str, DEFAULT_PIXEL_STD)))
    p.add_argument("--out", type=Path, required=True, help="folder for frames.u8 and reference.json")
    a = p.parse_args(argv)
    try:
        require_torch()
        import numpy as np
        import torch
        from PIL import Image

        from .data import cover_center_crop, list_frames

        labels = read_labels(a.labels) if a.labels else default_labels()
        state, info = load_checkpoint(a.checkpoint)
        model = build_fitted_model(state, info, a.arch, a.width, a.groups, labels,
                                   str(a.labels) if a.labels else None, a.checkpoint)
        files = list_frames(a.frames)
        picks = [files[min(i * a.stride, len(files) - 1)] for i in range(a.clip_len)]
        frames = []
        for f in picks:
            with Image.open(f) as img:
                frames.append(cover_center_crop(img, a.size, a.size))
        pixels = np.stack(frames)  # [T, H, W, 3] uint8 RGB
        mean = np.array(parse_triple(a.pixel_mean, "--pixel-mean"), dtype=np.float32)
        std = np.array(parse_triple(a.pixel_std, "--pixel-std"), dtype=np.float32)
        x = torch.from_numpy((pixels.astype(np.float32) - mean) / std).permute(3, 0, 1, 2).unsqueeze(0)
        with torch.no_grad():
            logits = model(x.contiguous())[0]
        a.out.mkdir(parents=True, exist_ok=True)
        pixels.tofile(a.out / "frames.u8")
        top = int(logits.argmax())
        (a.out / "reference.json").write_text(json.dumps({
            "frames": {"file": "frames.u8", "shape": list(pixels.shape), "dtype": "uint8", "layout": "T,H,W,RGB"},
            "source": str(a.frames), "stride": a.stride,
            "pixel_mean": mean.tolist(), "pixel_std": std.tolist(),
            "logits": [float(v) for v in logits], "top1": labels[top], "labels": labels,
            "torch": torch.__version__,
        }, indent=1) + "\n")
        print(f"wrote {a.out}/frames.u8 and reference.json: top-1 {labels[top]} (logit {float(logits[top]):.4f})")
        return 0
    except (BadInput, ValueError, FileNotFoundError) as e:  # data.DatasetError is a ValueError
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
