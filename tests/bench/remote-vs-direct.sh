#!/usr/bin/env bash
# Throughput over a served model: ddx's remote backend against a direct client (Python, standard
# library, one thread per request in flight) sending the same requests to the same llama-server
# on loopback, at several numbers of requests in flight. Each measurement starts a fresh server
# (so no run profits from another's prompt cache).
#
#   tests/bench/remote-vs-direct.sh [--cases N] [--slots S] [--parallel 1,4,8] [--workload NAME]
#                                   [--server-threads T]
#
# Prints, per --parallel: cases/s of ddx and of the direct client and their ratio, the time ddx
# itself spends per request (encoding it, handling each event of the answer, making the result;
# waits excluded), and the mean time per request outside the server's own work (client, HTTP,
# loopback, queueing: the request's wall time minus the prompt and generation time llama-server
# reports). Then the server's own ceiling:
# its slot count times its per-slot rate (one request at a time, from the server's timings).
# MAX_TOKENS (default 128) caps each answer.
# Needs the llama-server that `bash .ci/llama-server.sh` builds, and python3.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cases=16
slots=8
parallel=1,4,8
workload=long-case
server_threads=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases=$2; shift 2 ;;
    --slots) slots=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --workload) workload=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ddx="$here/target/release/ddx"
[ -x "$ddx" ] || (cd "$here" && cargo build --release >&2)
server=$(bash "$here/.ci/llama-server.sh")
model="$here/models/SmolLM2-135M-Instruct.Q4_1.gguf"
work=$(mktemp -d)
pid=
stop_server() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; pid=; }
trap 'stop_server; rm -rf "$work"' EXIT
export DDX_CONFIG_DIR=$work/config DDX_DATA_DIR=$work/data DDX_CACHE_DIR=$work/cache

start_server() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$server" -m "$model" --host 127.0.0.1 --port "$port" --alias smol -np "$slots" \
    -c $((2048 * slots)) -t "$server_threads" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do
    python3 - "$port" <<'PY' && return 0
import sys, urllib.request
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=1)
except Exception:
    sys.exit(1)
PY
    sleep 0.1
  done
  echo "llama-server did not start" >&2
  exit 1
}

"$ddx" bench workload "$workload" --cases "$cases" >"$work/cases.jsonl"
max_tokens=${MAX_TOKENS:-128}

echo "# ddx remote backend vs a direct client: $workload, $cases cases, llama-server with $slots slots and $server_threads of $(nproc) threads"
echo
echo "| in flight | ddx cases/s | direct cases/s | ddx / direct | ms in ddx itself | ddx ms outside the server | direct ms outside the server |"
echo "|---|---|---|---|---|---|---|"
single_server_ms=
for p in ${parallel//,/ }; do
  start_server
  "$ddx" bench batch --input "$work/cases.jsonl" --parallel "$p" -n "$max_tokens" \
    --endpoint "http://127.0.0.1:$port/v1" --remote-model smol --json -q >"$work/ddx-$p.json"
  stop_server
  start_server
  python3 - "$port" "$p" "$max_tokens" "$work/cases.jsonl" >"$work/direct-$p.json" <<'PY'
import json, sys, threading, time, http.client
port, parallel, max_tokens, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
cases = [json.loads(l)["messages"] for l in open(path) if l.strip()]
lock, queue, outside, server_ms = threading.Lock(), list(range(len(cases))), [], []
def one(messages):
    body = json.dumps({"model": "smol", "messages": messages, "max_tokens": max_tokens,
        "temperature": 0.0, "top_p": 0.95, "seed": 42, "top_k": 40, "min_p": 0.05,
        "repeat_penalty": 1.0, "stream": True, "stream_options": {"include_usage": True}})
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    resp, timings = conn.getresponse(), None
    for line in resp:
        line = line.decode().strip()
        if line.startswith("data:") and line[5:].strip() != "[DONE]":
            chunk = json.loads(line[5:])
            timings = chunk.get("timings", timings)
    conn.close()
    wall = (time.perf_counter() - start) * 1000
    if timings:
        spent = timings["prompt_ms"] + timings["predicted_ms"]
        with lock:
            outside.append(wall - spent); server_ms.append(spent)
def worker():
    while True:
        with lock:
            if not queue: return
            i = queue.pop(0)
        one(cases[i])
started = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(parallel)]
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - started
mean = lambda xs: sum(xs) / max(len(xs), 1)
print(json.dumps({"cases_per_second": len(cases) / wall, "mean_outside_ms": mean(outside),
                  "mean_server_ms": mean(server_ms)}))
PY
  stop_server
  python3 - "$p" "$work/ddx-$p.json" "$work/direct-$p.json" <<'PY'
import json, sys
p, ddx, direct = sys.argv[1], json.load(open(sys.argv[2]))["runs"][0], json.load(open(sys.argv[3]))
o, own = ddx.get("mean_client_overhead_ms"), ddx.get("mean_ddx_ms")
print(f"| {p} | {ddx['cases_per_second']:.3f} | {direct['cases_per_second']:.3f} | "
      f"{ddx['cases_per_second'] / direct['cases_per_second']:.2f} | "
      f"{'-' if own is None else f'{own:.3f}'} | "
      f"{'-' if o is None else f'{o:.1f}'} | {direct['mean_outside_ms']:.1f} |")
PY
  if [ -z "$single_server_ms" ]; then
    single_server_ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mean_server_ms"])' "$work/direct-$p.json")
    first_p=$p
  fi
done
echo
python3 - "$slots" "$single_server_ms" "$first_p" <<'PY'
import sys
slots, ms, p = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print(f"server ceiling: {slots} slots x {1000 / ms:.3f} cases/s per slot (its own time per request "
      f"at --parallel {p}: {ms:.0f} ms) = {slots * 1000 / ms:.2f} cases/s")
PY
