#!/bin/bash
# Real development clips through the whole pipeline, each on its own and held still 2 s before and after
# (still=2), at off / standard / strict (docs/quiet.md, "Real clips inside a still scene").
#   bench/still-real/run.sh OUT [MODEL...]      run from the repository root after `mvn package`
set -euo pipefail
out=${1:?usage: bench/still-real/run.sh OUT [MODEL...]}
shift
models=("${@:-models/jesture-r2plus1d.onnx}")
jar=target/jesture.jar
real=../shared/real-dev
mkdir -p "$out"
labels() { /usr/bin/python3 -c "
import sys, json
print('|'.join(json.loads(l)['label'] for l in sys.stdin if '\"type\":\"gesture\"' in l) or '-')"; }

# 1. the ten real Jester clips: clip;still;rejection;inferences;events
for c in $(ls "$real/jester" | grep -v '\.csv$'); do
  for st in 0 2; do
    suf=""; [ "$st" = 2 ] && suf=",still=2"
    for r in off standard strict; do
      json=$(java -jar $jar run --source "frames:$real/jester/$c,fps=12$suf" --model "${models[@]}" --offline --provider cpu \
        --rejection $r --json 2>/dev/null)
      inferences=$(echo "$json" | grep '"type":"stats"' | /usr/bin/python3 -c "import sys, json; print(json.loads(sys.stdin.read())['inferences'])")
      echo "$c;$st;$r;$inferences;$(echo "$json" | labels)"
    done
  done
done > "$out/jester-pipeline-events.csv"

# 2. the 149 EgoGestAR '-' clips
for r in standard strict; do
  for st in 0 2; do
    java -jar $jar eval-quiet --offline --groups egocentric --model "${models[@]}" --provider cpu --rejection $r --still $st \
      --events --json "$out/quiet-$r-still$st.json" > "$out/quiet-$r-still$st.txt"
  done
done

# 3. the 88 EgoGestAR swipes, each once
awk -F';' 'NR > 1 && $3 != "-" {print $1 ";" $3}' "$real/egogestar/labels.csv" > "$out/swipes.csv"
for r in standard strict; do
  for st in 0 2; do
    suf=""; [ "$st" = 2 ] && suf=",still=2"
    while IFS=';' read -r f acc; do
      echo "$f;$acc;$(java -jar $jar run --source "file:$real/egogestar/$f$suf" --model "${models[@]}" --offline --provider cpu \
        --rejection $r --json 2>/dev/null | labels)"
    done < "$out/swipes.csv" > "$out/egogestar-swipes-$r-still$st.csv"
  done
done
/usr/bin/python3 bench/still-real/swipes.py "$out"/egogestar-swipes-*.csv
