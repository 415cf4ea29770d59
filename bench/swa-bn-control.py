#!/usr/bin/env python3
"""Control for the weight-averaged model: a run's best point with its batch-norm statistics measured
the way ``jesture_train.train --swa-start`` measures the average's (augmented training batches, a
plain mean), so that what the average changes can be told from what new statistics change.

    /usr/bin/python3 bench/swa-bn-control.py --run runs/swa-v4 --data data/synth-v4 --out best-bn.pt

Then export OUT with ``jesture_train.export`` and score it with ``jesture eval-clips``
(models/README.md, *The weight-averaged model*).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src" / "train"))

import torch  # noqa: E402

from jesture_train.augment import AugmentConfig  # noqa: E402
from jesture_train.checkpoint import model_from_checkpoint, save_checkpoint  # noqa: E402
from jesture_train.data import ClipDataset, FrameCache  # noqa: E402
from jesture_train.swa import recompute_batchnorm, training_batches  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--run", type=Path, required=True, help="training run folder holding best.pt")
    p.add_argument("--data", type=Path, required=True, help="the run's dataset")
    p.add_argument("--out", type=Path, required=True, help="checkpoint to write")
    p.add_argument("--cache-dir", type=Path, default=Path("/dev/shm/jesture-cache"))
    p.add_argument("--batches", type=int, default=200, help="as --swa-bn-batches")
    a = p.parse_args()
    if a.out.exists():
        p.error(f"{a.out} exists: give another --out")
    torch.set_num_threads(2)
    net, cfg, state = model_from_checkpoint(a.run / "best.pt")
    meta = state["meta"]
    args = meta["args"]
    cache = FrameCache.build_or_open(a.data, "train", meta["labels"], cfg.height, cfg.width_px, a.cache_dir, 0, None, print)
    ds = ClipDataset(cache, cfg.clip_len, args["source_fps"] / args["fps"], train=True,
                     speed_jitter=args["speed_jitter"], seed=args["seed"])
    sampler = torch.utils.data.DistributedSampler(ds, num_replicas=1, rank=0, shuffle=True, seed=args["seed"])
    loader = torch.utils.data.DataLoader(ds, batch_size=args["batch_size"], sampler=sampler, num_workers=2,
                                         drop_last=True)
    aug = AugmentConfig.from_dict(meta["augment"])
    batches = training_batches(loader, a.batches, meta["mean"], meta["std"], aug, args["seed"])
    n = recompute_batchnorm(net, batches, lambda m, x: m(x))
    save_checkpoint(a.out, net, cfg, dict(meta, bn_control={"batches": n}))
    print(f"batch norm of {a.run / 'best.pt'} measured on {n} batches -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
