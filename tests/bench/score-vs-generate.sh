#!/usr/bin/env bash
# Benchmark: scoring a 4-option MCQ set (ddx batch --score) against generating a 32-token answer
# (ddx batch --template mcq --max-tokens 32) for the same cases, per case. Prints both figures, their
# ratio, and the tokens each path evaluates per case (which bound the ratio on a CPU).
#
# Usage: tests/bench/score-vs-generate.sh [CASES.jsonl] [extra ddx flags...]
#   DDX=path/to/ddx (default target/release/ddx), MODEL=path.gguf (default: the test model).
# Example: tests/bench/score-vs-generate.sh tests/fixtures/bench-mcq.jsonl --threads 2
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ddx=${DDX:-$root/target/release/ddx}
model=${MODEL:-$root/models/SmolLM2-135M-Instruct.Q4_1.gguf}
cases=${1:-$root/tests/fixtures/bench-mcq.jsonl}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DDX_CONFIG_DIR=$work/config DDX_DATA_DIR=$work/data DDX_CACHE_DIR=$work/cache
n=$(grep -c . "$cases")
common=(--model "$model" --temperature 0 --ctx-size 2048 "$@")

# Warm the page cache and the model-hash cache so neither run pays for them.
"$ddx" batch "$cases" --score "${common[@]}" -q -o "$work/warm.jsonl"

now() { date +%s.%N; }
t0=$(now)
"$ddx" batch "$cases" --score "${common[@]}" -q -o "$work/score.jsonl"
t1=$(now)
"$ddx" batch "$cases" --template mcq --max-tokens 32 "${common[@]}" -q -o "$work/generate.jsonl"
t2=$(now)

python3 - "$n" "$t0" "$t1" "$t2" "$work/score.jsonl" "$work/generate.jsonl" <<'PY'
import json, sys
n, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:5])
score = [json.loads(l) for l in open(sys.argv[5])]
gen = [json.loads(l) for l in open(sys.argv[6])]
ok_s = sum(r["status"] == "ok" for r in score)
ok_g = sum(r["status"] == "ok" for r in gen)
tokens = [r["usage"]["completion_tokens"] for r in gen if r["status"] == "ok"]
s, g = (t1 - t0) / n, (t2 - t1) / n
print(f"cases: {n} (scored ok {ok_s}, generated ok {ok_g}; generated tokens mean {sum(tokens)/max(len(tokens),1):.1f}, max 32)")
print(f"score:    {s*1000:8.1f} ms per case (wall, model load included)")
print(f"generate: {g*1000:8.1f} ms per case (wall, model load included)")
print(f"speed-up: {g/s:.2f}x (generate / score)")
# What each path has to evaluate per case. Both evaluate the same prompt (minus what is reused from
# the previous case); scoring adds the option tokens, generation the answer tokens (one decode step
# each). Where prompt evaluation is compute-bound (CPU), the speed-up cannot exceed roughly the
# ratio of these token counts, whatever the scheduling.
def mean(xs): return sum(xs) / max(len(xs), 1)
sp = mean([r["usage"]["prompt_tokens"] - r["usage"]["reused_prompt_tokens"] for r in score if r["status"] == "ok"])
so = mean([r["usage"]["scored_tokens"] for r in score if r["status"] == "ok"])
gp = mean([r["usage"]["prompt_tokens"] - r["usage"]["reused_prompt_tokens"] for r in gen if r["status"] == "ok"])
print(f"evaluated per case: score {sp:.0f} prompt + {so:.0f} option tokens; generate {gp:.0f} prompt + {mean(tokens):.0f} answer tokens")
PY
