#!/usr/bin/env bash
# Side-by-side speed of ddx and llama.cpp's own tools on the same model, threads and cases.
#
#   tests/bench/compare-llama.sh [--cases N] [--threads T] [--model PATH]
#
# llama.cpp's tools come from LLAMA_REF (default /tmp/llama-ref/bin: build them with
# /work/shared/tools/llama-ref.sh or any llama.cpp build). Tools that are not there are skipped,
# and ddx's own figures are still printed. Needs python3 (standard library only) for the
# llama-server client. Prints markdown tables; raw JSON goes to $OUT_DIR (default a temp dir).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cases=64
threads=$(nproc)
model="$here/models/SmolLM2-135M-Instruct.Q4_1.gguf"
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ref=${LLAMA_REF:-/tmp/llama-ref/bin}
ddx="$here/target/release/ddx"
out=${OUT_DIR:-$(mktemp -d)}
[ -x "$ddx" ] || (cd "$here" && cargo build --release >&2)
have() { [ -x "$ref/$1" ]; }
echo "# ddx vs llama.cpp: $(basename "$model"), $threads threads, $cases cases per workload"
echo "raw output: $out"
echo

echo "## Single stream (pp512, tg128: ddx and llama-bench take turns, 3 rounds of 3 repetitions)"
# This machine's speed drifts by 10-15% within minutes, so the tools alternate and each is
# averaged over its rounds; a ratio of two runs taken minutes apart says little.
for round in 1 2 3; do
  "$ddx" bench single -p 512 -g 128 -r 3 --threads "$threads" --model "$model" --json > "$out/ddx-single-$round.json"
  if have llama-bench; then
    "$ref/llama-bench" -m "$model" -t "$threads" -p 512 -n 128 -r 3 -o json > "$out/llama-bench-$round.json" 2>/dev/null
  fi
done
python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
def mean(xs):
    return sum(xs) / len(xs)
ddx = [json.load(open(p)) for p in sorted(glob.glob(f"{out}/ddx-single-[0-9].json"))]
rows = [("ddx", [d["pp"]["tokens_per_second"] for d in ddx], [d["tg"]["tokens_per_second"] for d in ddx])]
benches = [json.load(open(p)) for p in sorted(glob.glob(f"{out}/llama-bench-[0-9].json"))]
if benches:
    pp = [next(r["avg_ts"] for r in b if r["n_prompt"] > 0 and r["n_gen"] == 0) for b in benches]
    tg = [next(r["avg_ts"] for r in b if r["n_gen"] > 0 and r["n_prompt"] == 0) for b in benches]
    rows.append(("llama-bench", pp, tg))
    # The rates the bounds below use: the mean over the rounds.
    json.dump([{"n_prompt": 512, "n_gen": 0, "avg_ts": mean(pp)}, {"n_prompt": 0, "n_gen": 128, "avg_ts": mean(tg)}],
              open(f"{out}/llama-bench.json", "w"))
print("| tool | pp512 t/s (per round) | pp512 mean | tg128 t/s (per round) | tg128 mean |\n|---|---|---|---|---|")
for name, pp, tg in rows:
    print(f"| {name} | {', '.join(f'{x:.1f}' for x in pp)} | {mean(pp):.1f} | {', '.join(f'{x:.1f}' for x in tg)} | {mean(tg):.1f} |")
if len(rows) == 2:
    # Each round's pair ran back to back; the median pair ratio resists one round's drift.
    def median(xs):
        xs = sorted(xs)
        return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2
    pp_pairs = [a / b for a, b in zip(rows[0][1], rows[1][1])]
    tg_pairs = [a / b for a, b in zip(rows[0][2], rows[1][2])]
    print(f"\nddx / llama-bench, ratio of the means: pp {mean(rows[0][1])/mean(rows[1][1]):.3f}, tg {mean(rows[0][2])/mean(rows[1][2]):.3f}")
    print(f"ddx / llama-bench per round: pp {', '.join(f'{x:.3f}' for x in pp_pairs)}; tg {', '.join(f'{x:.3f}' for x in tg_pairs)}")
    print(f"median round: pp {median(pp_pairs):.3f}, tg {median(tg_pairs):.3f} (target >= 0.97)")
else:
    print("\n(llama-bench not built: skipped)")
PY
echo

serve_and_run() { # workload np max_tokens -> seconds on stdout
  local workload=$1 np=$2 max_tokens=$3 port=$((18080 + np))
  local ctx=$(( np * 2048 ))
  "$ref/llama-server" -m "$model" -t "$threads" -tb "$threads" -np "$np" -c "$ctx" --port "$port" \
    --host 127.0.0.1 --no-webui >"$out/server-$workload-$np.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  python3 - "$out/$workload.jsonl" "$port" "$np" "$max_tokens" <<'PY'
import concurrent.futures, json, sys, time, urllib.request
path, port, np, max_tokens = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cases = [json.loads(l) for l in open(path)]
def one(case):
    body = json.dumps({"messages": case["messages"], "max_tokens": max_tokens, "temperature": 0, "cache_prompt": True}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", data=body, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=600))["usage"]
start = time.time()
with concurrent.futures.ThreadPoolExecutor(np) as pool:
    usage = list(pool.map(one, cases))
print(f"{time.time() - start:.3f} {sum(u['completion_tokens'] for u in usage)}")
PY
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

for workload in annotate long-case; do
  max_tokens=$([ "$workload" = annotate ] && echo 4 || echo 128)
  echo "## Batch: $workload ($cases cases, up to $max_tokens new tokens)"
  "$ddx" bench workload "$workload" --cases "$cases" > "$out/$workload.jsonl"
  "$ddx" bench batch --workload "$workload" --cases "$cases" --parallel "$([ "$workload" = annotate ] && echo 1,4,8,16 || echo 1,4,8,16,32)" --threads "$threads" --model "$model" --json > "$out/ddx-$workload.json"
  : > "$out/server-$workload.txt"
  if have llama-server && command -v curl >/dev/null; then
    # Annotate is slowest with many slots (each recomputes the instructions); long-case is
    # fastest with 16-32, so both get the slot counts that can be their best.
    slots=$([ "$workload" = annotate ] && echo "1 8 16" || echo "1 8 16 32")
    for np in $slots; do
      echo "$np $(serve_and_run "$workload" "$np" "$max_tokens")" >> "$out/server-$workload.txt"
    done
  fi
  if [ "$workload" = annotate ] && have llama-bench; then
    # For the floor below: the shared instructions as one prompt, and short prompts evaluated
    # over them already cached (llama-bench --n-depth), which is what every item costs; with and
    # without flash attention, and the floor takes the faster.
    shared=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["shared_prompt_tokens"])' "$out/ddx-$workload.json")
    "$ref/llama-bench" -m "$model" -t "$threads" -p "$shared" -n 0 -fa 0,1 -r 3 -o json > "$out/llama-bench-shared.json" 2>/dev/null
    "$ref/llama-bench" -m "$model" -t "$threads" -p 64,256,512 -n 0 -d "$shared" -fa 0,1 -r 3 -o json > "$out/llama-bench-depth.json" 2>/dev/null
  fi
  if [ "$workload" = long-case ] && have llama-batched-bench; then
    # Generation rate of 8 and 16 sequences with ~220-token prompts, for the bound below.
    "$ref/llama-batched-bench" -m "$model" -t "$threads" -fa 1 -c 8192 -npp 220 -ntg "$max_tokens" \
      -npl 8,16 --output-format jsonl 2>/dev/null | grep '^{' > "$out/batched-bench.jsonl" || true
  fi
  python3 - "$out" "$workload" <<'PY'
import json, sys
out, workload = sys.argv[1], sys.argv[2]
d = json.load(open(f"{out}/ddx-{workload}.json"))
print("| tool | parallel | wall s | cases/s | gen tok | reused prompt tok | peak RSS MB |\n|---|---|---|---|---|---|---|")
for r in d["runs"]:
    print(f"| ddx | {r['parallel']} | {r['wall_seconds']:.2f} | {r['cases_per_second']:.2f} | {r['generated_tokens']} | {r['reused_prompt_tokens']} | {r['peak_rss_bytes']/1e6:.0f} |")
server = [l.split() for l in open(f"{out}/server-{workload}.txt") if l.strip()]
for np, secs, gen in server:
    print(f"| llama-server -np {np} | {np} | {float(secs):.2f} | {d['runs'][0]['cases']/float(secs):.2f} | {gen} | - | - |")
if server:
    best_server = min(float(s) for _, s, _ in server)
    best_ddx = min(r["wall_seconds"] for r in d["runs"])
    print(f"\nddx best {best_ddx:.2f} s vs llama-server best {best_server:.2f} s: {best_server/best_ddx:.2f}x")
else:
    print("\n(llama-server not built: skipped)")
# The bound: unique prompt tokens at llama-bench's pp rate plus generated tokens at
# llama-batched-bench's generation rate for the same number of sequences.
import os
lb, bb = f"{out}/llama-bench.json", f"{out}/batched-bench.jsonl"
shared_p, depth_p = f"{out}/llama-bench-shared.json", f"{out}/llama-bench-depth.json"
if workload == "annotate" and server and os.path.exists(shared_p) and os.path.exists(depth_p):
    # The floor: the shared instructions once at llama-bench's rate for a prompt that long, then
    # every other token ddx must evaluate (each item's own prompt tokens, and every generated
    # token but each case's last, which is sampled and never decoded) at llama-bench's best rate
    # for prompts evaluated over the cached instructions. It leaves out all scheduling and
    # sampling, so no implementation that computes the same attention can beat it.
    shared = d["shared_prompt_tokens"]
    shared_rate = max(r["avg_ts"] for r in json.load(open(shared_p)))
    depth_rate = max(r["avg_ts"] for r in json.load(open(depth_p)))
    for r in d["runs"]:
        rest = r["prompt_tokens"] - r["reused_prompt_tokens"] - shared + max(r["generated_tokens"] - r["cases"], 0)
        floor = shared / shared_rate + rest / depth_rate
        print(f"floor at parallel {r['parallel']}: {shared} shared tok / {shared_rate:.0f} t/s + {rest} tok over them / {depth_rate:.0f} t/s = {floor:.1f} s; ddx {r['wall_seconds']:.1f} s = {r['wall_seconds']/floor:.2f} of the floor")
    print(f"the most any exact implementation could be faster than llama-server's best ({best_server:.2f} s): {best_server/floor:.2f}x (target 1.6x)")
if workload == "long-case" and os.path.exists(lb) and os.path.exists(bb) and os.path.getsize(bb) > 0:
    pp = next(r["avg_ts"] for r in json.load(open(lb)) if r["n_prompt"] > 0 and r["n_gen"] == 0)
    tg = {r["pl"]: r["speed_tg"] for r in map(json.loads, open(bb))}
    for r in d["runs"]:
        if r["parallel"] in tg:
            unique = r["prompt_tokens"] - r["reused_prompt_tokens"]
            bound = unique / pp + r["generated_tokens"] / tg[r["parallel"]]
            print(f"bound at parallel {r['parallel']}: {unique} prompt tok / {pp:.0f} t/s + {r['generated_tokens']} gen tok / {tg[r['parallel']]:.0f} t/s = {bound:.1f} s; ddx {r['wall_seconds']:.1f} s = {r['wall_seconds']/bound:.3f} of the bound (target <= 1.10)")
PY
  echo
done
