#!/bin/bash
cd "${1:-.}"   # the folder with jesture.jar, lib/ and models/
CMD=(java -jar jesture.jar run --source 'synthetic:seed=9,size=640x480,fps=30,pace=live,loop=true' --duration 30m --stats 60s --json)
echo "command: ${CMD[*]}" > proc.txt
date -u +"start %FT%TZ" >> proc.txt
"${CMD[@]}" > run.jsonl 2> run.err &
PID=$!
echo "pid $PID" >> proc.txt
while kill -0 $PID 2>/dev/null; do
  if [ -r /proc/$PID/status ]; then
    echo "$(date -u +%T) t=$(( $(date +%s) - $(stat -c %Y /proc/$PID) ))s $(grep -E '^VmRSS' /proc/$PID/status | tr -s ' \t' ' ') $(grep -E '^Threads' /proc/$PID/status | tr -s ' \t' ' ') load=$(cut -d' ' -f1-3 /proc/loadavg)" >> proc.txt
  fi
  sleep 30
done
wait $PID; echo "exit $?" >> proc.txt
date -u +"end %FT%TZ" >> proc.txt
