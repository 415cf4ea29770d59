#!/bin/bash
# A short check of the training recipe on a CUDA machine, meant to run there as one command:
#   DATA=DIR bash src/train/gpu_check.sh      (DIR: a small Jester-layout set, e.g. 8 + 2 clips per class)
# 1. one process on CUDA with bf16 autocast (the CPU recipe's batch of 16);
# 2. the same under torchrun with NCCL (global batch 64), the multi-GPU path on one GPU;
# 3. training-step and inference throughput on random clips at batches 16, 64 and 256;
# 4. the exported default model under each ONNX Runtime provider the machine's Python has.
# Every step runs even if an earlier one failed, so one call reports them all; OUT (default
# /tmp/gpu-check) gets the log, both summaries and the first run's pickle-free best.npz, which
# jesture_train.export turns into ONNX on any torch version.
set -u
export PYTHONPATH=src/train PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/gpu-check}; mkdir -p "$OUT"
exec > >(tee "$OUT/log.txt") 2>&1
PY=${PY:-python3}; DEV=${DEV:-auto}; E1=${E1:-30}; E2=${E2:-8}; DATA=${DATA:?set DATA to a Jester-layout folder}
date -u; nvidia-smi -L || true; nproc
$PY -c "import torch,numpy,onnx;print('torch',torch.__version__,'cuda',torch.cuda.is_available(),'numpy',numpy.__version__,'onnx',onnx.__version__)"
COMMON="--data $DATA --arch r2plus1d --size 64x88 --clip-len 16 --fps 6 --lr 1e-3 --warmup-epochs 0.14 --scale 0.2 --blur 1.0 --workers 6 --threads 4 --cache-dir /tmp/gpu-check-cache --device $DEV --log-seconds 5"
echo "== 1. one process"
time $PY -m jesture_train.train $COMMON --out /tmp/gpu-check-1 --batch-size 16 --epochs "$E1" || echo "STEP 1 FAILED"
cp /tmp/gpu-check-1/summary.json "$OUT/one-summary.json"; cp /tmp/gpu-check-1/best.npz "$OUT/one-best.npz"
echo "== 2. torchrun, one process, global batch 64"
time $PY -m torch.distributed.run --standalone --nnodes 1 --nproc_per_node 1 -m jesture_train.train $COMMON \
    --out /tmp/gpu-check-2 --batch-size 64 --epochs "$E2" || echo "STEP 2 FAILED"
cp /tmp/gpu-check-2/summary.json "$OUT/torchrun-summary.json"
echo "== 3. throughput on random clips"
for b in ${BATCHES:-16 64 256}; do
    $PY -m jesture_train.bench --arch r2plus1d --size 64x88 --batch-size "$b" --steps 20 --device "$DEV" --threads 4 || echo "STEP 3 FAILED"
done
echo "== 4. ONNX Runtime on the exported model"
$PY - "${MODEL:-models/jesture-r2plus1d.onnx}" <<'PYEOF' || echo "STEP 4 FAILED"
import sys, time, numpy as np, onnxruntime as ort
x = np.random.default_rng(0).standard_normal((4, 3, 16, 64, 88)).astype(np.float32)
ref = None
print("ONNX Runtime", ort.__version__, ort.get_available_providers())
for prov in [p for p in ("CPUExecutionProvider", "CUDAExecutionProvider") if p in ort.get_available_providers()]:
    s = ort.InferenceSession(sys.argv[1], providers=[prov]); name = s.get_inputs()[0].name
    out = s.run(None, {name: x})[0]; t = []
    for _ in range(20):
        t0 = time.perf_counter(); s.run(None, {name: x[:1]}); t.append(time.perf_counter() - t0)
    print(prov, s.get_providers(), f"median {np.median(t) * 1000:.2f} ms per clip (batch 1)")
    if ref is None: ref = out
    else: print("max |logit difference| against CPU:", float(np.abs(out - ref).max()))
PYEOF
date -u
