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

from jesture_train.checkpoint import model_from_checkpoint, save_checkpoint  # noqa: E402
from jesture_train.swa import measure_batchnorm_on  # noqa: E402


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
    n = measure_batchnorm_on(net, cfg, meta, a.data, a.cache_dir, a.batches, 2, meta["args"]["seed"], print)
    save_checkpoint(a.out, net, cfg, dict(meta, bn_control={"batches": n}))
    print(f"batch norm of {a.run / 'best.pt'} measured on {n} batches -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
