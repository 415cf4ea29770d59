#!/bin/bash
# The default model's whole recipe as one timed run (models/README.md, "Data" and "Recipe"): both
# worlds rendered, the quiet-stream windows cut, the folders joined, the two trainings with one
# frame-cache folder, and the export. Every step writes under WORK only, so a run never touches
# data/, runs/ or models/; the figures it prints are wall-clock seconds per step and in all.
#
#   bench/recipe/default-model.sh WORK
#
# Needs, built beforehand (not timed, like `mvn package`):
#   $R4_JAR (default /tmp/r4wt/...)      the renderer-4 code:
#       git worktree add /tmp/r4wt 5a1a645^ && (cd /tmp/r4wt && mvn -o -q -B package -DskipTests)
#   $R7_JAR (default /tmp/r7wt/...)      the renderer-7 code (the seventh world and the windows;
#                                        `jesture synth` renders renderer 20 since, which cuts the
#                                        same windows byte for byte but draws other rolls and drums):
#       git worktree add /tmp/r7wt 9108ad0^ && (cd /tmp/r7wt && mvn -o -q -B package -DskipTests)
# and the photographs of mate-backgrounds and lomiri-wallpapers in /usr/share/backgrounds.
# The calibration of the gate (eval-quiet --calibrate, about 6 minutes) is not part of it.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bench/recipe/default-model.sh WORK (a new folder for the worlds, caches and runs)" >&2
    exit 2
fi
WORK=$1
R7_JAR=${R7_JAR:-/tmp/r7wt/target/jesture.jar}
R4_JAR=${R4_JAR:-/tmp/r4wt/target/jesture.jar}
BG=/usr/share/backgrounds
PY=/usr/bin/python3
export PYTHONPATH=src/train

for f in "$R7_JAR" "$R4_JAR"; do
    [ -f "$f" ] || { echo "default-model.sh: no $f: build it first (see the header of this script)" >&2; exit 2; }
done
[ -d "$BG" ] || { echo "default-model.sh: no $BG: apt-get install mate-backgrounds lomiri-wallpapers" >&2; exit 2; }
if [ -e "$WORK" ] && [ -n "$(ls -A "$WORK" 2>/dev/null)" ]; then
    echo "default-model.sh: $WORK is not empty: give a new folder, so that nothing is decoded or trained twice" >&2
    exit 2
fi
mkdir -p "$WORK"

T0=$(date +%s)
LAST=$T0
step() {  # step NAME: prints the seconds since the previous step
    local now; now=$(date +%s)
    printf '%-28s %6d s\n' "$1" $((now - LAST)) | tee -a "$WORK/timing.txt"
    LAST=$now
}

renderer() {  # renderer FOLDER WANT: the world was drawn by the renderer the recipe names
    local got; got=$(sed -n 's/^renderer=//p' "$1/jesture-synth.properties")
    if [ "$got" != "$2" ]; then
        echo "default-model.sh: $1 was drawn by renderer $got, the recipe needs renderer $2: rebuild the jar" >&2
        exit 2
    fi
}

TRAIN=(--arch r2plus1d --size 64x88 --clip-len 16 --fps 6 --batch-size 16 --threads 2 --workers 2
       --epochs 40 --cache-dir "$WORK/cache" --scale 0.2 --blur 1.0)

java -jar "$R4_JAR" synth --out "$WORK/synth-v4" --clips 13500 --seed 1 --threads 2 --backgrounds "$BG" --no-progress
renderer "$WORK/synth-v4" 4
step "render renderer 4"
java -jar "$R7_JAR" synth --out "$WORK/synth-v7-hv3" --clips 13500 --seed 1 --threads 2 --backgrounds "$BG" \
    --head-camera 0.25 --no-progress
renderer "$WORK/synth-v7-hv3" 7
step "render renderer 7, hv 3"
$PY -m jesture_train.join --out "$WORK/synth-mix" "$WORK/synth-v4:a" "$WORK/synth-v7-hv3:b"
java -cp "$R7_JAR" bench/stream-negatives/StreamNegatives.java --out "$WORK/negatives-s2" --clips 2700 \
    --seed 2 --backgrounds "$BG" --threads 2 --head-camera 0.125
$PY -m jesture_train.join --out "$WORK/synth-mix-neg" "$WORK/synth-mix" "$WORK/negatives-s2"
step "windows and joins"
nice -n -10 $PY -m jesture_train.train --data "$WORK/synth-mix" --out "$WORK/runs/mix-v4-hv3" \
    --lr 1e-3 --warmup-epochs 0.3 --max-minutes 65 "${TRAIN[@]}"
step "step 1 (two worlds)"
nice -n -10 $PY -m jesture_train.train --data "$WORK/synth-mix-neg" --out "$WORK/runs/ft-neg-mix" \
    --lr 2e-4 --warmup-epochs 0.05 --max-minutes 8 --seed 1 --init "$WORK/runs/mix-v4-hv3/best.pt" "${TRAIN[@]}"
step "step 2 (beside the windows)"
$PY -m jesture_train.export --checkpoint "$WORK/runs/ft-neg-mix/best.pt" --out "$WORK/jesture-r2plus1d.onnx"
step "export"
printf '%-28s %6d s\n' "whole recipe" $(($(date +%s) - T0)) | tee -a "$WORK/timing.txt"
