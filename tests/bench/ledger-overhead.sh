#!/usr/bin/env bash
# What the run ledger costs a batch: the same batch with and without --no-ledger, alternated,
# several times; prints each wall time, the medians and the difference in percent.
#
#   tests/bench/ledger-overhead.sh [--cases N] [--reps R] [--threads T] [--tokens N] [--model PATH]
#
# Also times a batch of N lines that are all errors (no model work: the ledger's worst case,
# a row per record as fast as records come).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cases=32
reps=3
threads=1
tokens=8
model="$here/models/SmolLM2-135M-Instruct.Q4_1.gguf"
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --tokens) tokens=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ddx="$here/target/release/ddx"
[ -x "$ddx" ] || (cd "$here" && cargo build --release >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DDX_DATA_DIR="$work/data" DDX_CONFIG_DIR="$work/config" DDX_CACHE_DIR="$work/cache"
export DDX_MODEL="$model" DDX_THREADS="$threads"
python3 - "$cases" > "$work/cases.jsonl" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": f"c{i}", "prompt": f"Name one fact about organ number {i}."}))
PY
python3 - 20000 > "$work/errors.jsonl" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print('{"id": "e%d", "prompt": 5}' % i)
PY
now() { date +%s.%N; }
run() { # $1 = input, rest = flags; prints seconds
  local t0 t1
  t0=$(now)
  "$ddx" batch -q -n "$tokens" -p 4 --force -o "$work/out.jsonl" "${@:2}" "$1" >/dev/null 2>&1 || true
  t1=$(now)
  python3 -c "print(f'{$t1-$t0:.3f}')"
}
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
for input in cases errors; do
  on=(); off=()
  for _ in $(seq "$reps"); do
    off+=("$(run "$work/$input.jsonl" --no-ledger)")
    on+=("$(run "$work/$input.jsonl")")
  done
  m_on=$(median "${on[@]}"); m_off=$(median "${off[@]}")
  echo "$input: without ledger ${off[*]} s (median $m_off), with ledger ${on[*]} s (median $m_on): $(python3 -c "print(f'{($m_on-$m_off)/$m_off*100:+.1f}%')")"
done
echo "runs recorded: $("$ddx" runs list --json | wc -l)"
