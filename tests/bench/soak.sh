#!/usr/bin/env bash
# Soak test for `ddx batch`: many short cases with memory sampled during the run.
# Peak RSS must not grow with the number of cases.
#
#   tests/bench/soak.sh [N ...]      (default: 1000 5000)
#
# For each N it writes N short cases, runs `ddx batch -n 2 -p 8` over them, samples VmRSS of the
# process every 0.2 s, checks one valid result per case, and prints N, wall time, peak and final RSS.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ddx="$here/target/release/ddx"
[ -x "$ddx" ] || (cd "$here" && cargo build --release >&2)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| cases | wall s | peak RSS MB (sampled) | VmHWM MB | results |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  python3 -c "
import json
for i in range($n): print(json.dumps({'id': f's{i}', 'prompt': f'Reply with one word: item {i}.'}))
" > "$tmp/in.jsonl"
  start=$(date +%s.%N)
  "$ddx" batch -q -n 2 -p 8 -o "$tmp/out.jsonl" --force "$tmp/in.jsonl" &
  pid=$!
  peak=0; hwm=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    h=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    [ "${h:-0}" -gt "$hwm" ] && hwm=$h
    sleep 0.2
  done
  wait "$pid"
  end=$(date +%s.%N)
  results=$(python3 -c "
import json
ids = [json.loads(l)['id'] for l in open('$tmp/out.jsonl')]
assert len(ids) == len(set(ids)) == $n, (len(ids), len(set(ids)))
print(len(ids))
")
  awk -v n="$n" -v s="$start" -v e="$end" -v p="$peak" -v h="$hwm" -v r="$results" \
    'BEGIN { printf "| %s | %.1f | %.0f | %.0f | %s |\n", n, e - s, p / 1024, h / 1024, r }'
done
