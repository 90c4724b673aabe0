#!/usr/bin/env bash
# ddx's interactive and batch speed with other work running, as on a user's laptop: the TUI and
# chat side by side, then ask and batch, each without load and under N niced busy loops, with
# llama.cpp's OpenMP workers waiting as libgomp does by default (spin, then sleep) and passively
# (OMP_WAIT_POLICY=PASSIVE);
# see src/app/openmp.rs. llama.cpp's llama-completion joins when LLAMA_REF has it.
#
#   tests/bench/under-load.sh [--tokens N] [--load N] [--rounds R] [--model PATH] [--template NAME]
#
# The TUI runs in tmux (needs tmux): the script opens demo-1 of tests/fixtures/demo-cases.jsonl,
# presses `r`, waits for the answer and reads the tok/s of the status bar. Chat gets the same
# case and template through its REPL on stdin and reports its stats line. Every figure is
# generated tokens per second at temperature 0; rows alternate within each round, so a ratio
# compares runs minutes apart at most. Every ddx runs in a session of its own (setsid; the TUI
# in tmux's), as a program in another terminal tab does: Linux's autogroup scheduling then
# shares the CPU between sessions, and `nice` on the busy loops counts only within theirs. Prints a markdown table; raw lines go to $OUT_DIR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tokens=200
load=1
rounds=3
template=summary
model="$here/models/SmolLM2-135M-Instruct.Q4_1.gguf"
while [ $# -gt 0 ]; do
  case "$1" in
    --tokens) tokens=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --template) template=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v tmux >/dev/null || { echo "under-load.sh needs tmux" >&2; exit 2; }
ddx="$here/target/release/ddx"
[ -x "$ddx" ] || (cd "$here" && cargo build --release >&2)
cases="$here/tests/fixtures/demo-cases.jsonl"
ref=${LLAMA_REF:-/tmp/llama-ref/bin}
out=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"
data=$(mktemp -d)
session="ddx-under-load-$$"
loaders=()
stop_load() {
  for pid in "${loaders[@]}"; do kill "$pid" 2>/dev/null || true; done
  loaders=()
}
cleanup() {
  stop_load
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
start_load() {
  for _ in $(seq "$1"); do
    nice -n 19 sh -c 'while :; do :; done' &
    loaders+=("$!")
  done
}
common=(--model "$model" --template "$template" --ctx-size 2048 --temperature 0)
# Benchmark runs stay out of the run ledger.
batch_extra=()
if "$ddx" batch --help | grep -q -- --no-ledger; then batch_extra=(--no-ledger); fi

chat_rate() { # ENV... -> tok/s
  printf 'What is the differential diagnosis?\n' |
    setsid env "$@" DDX_DATA_DIR="$data" "$ddx" chat --case "$cases#demo-1" "${common[@]}" --max-tokens "$tokens" 2>&1 >/dev/null |
    grep -o '[0-9]* tokens at [0-9.]* tok/s' | tail -1 | awk '{print $4}' || echo "-"
}
ask_rate() {
  setsid env "$@" DDX_DATA_DIR="$data" "$ddx" ask "A 67-year-old man has sudden crushing chest pain. What is the differential diagnosis?" \
    --model "$model" --max-tokens "$tokens" --ctx-size 2048 --temperature 0 2>&1 >/dev/null |
    grep -o '[0-9]* tokens at [0-9.]* tok/s' | tail -1 | awk '{print $4}' || echo "-"
}
tui_rate() {
  tmux kill-session -t "$session" 2>/dev/null || true
  tmux new-session -d -s "$session" -x 160 -y 48 \
    "env $* DDX_DATA_DIR='$data' '$ddx' tui '$cases' --case demo-1 ${common[*]} --max-tokens $tokens; sleep 60"
  local screen=""
  for _ in $(seq 300); do
    screen=$(tmux capture-pane -p -t "$session")
    grep -q "Case 1/5" <<<"$screen" && break
    sleep 0.1
  done
  tmux send-keys -t "$session" r 2>/dev/null || { echo "-"; return; }
  for _ in $(seq 3000); do
    screen=$(tmux capture-pane -p -t "$session")
    if ! grep -q "answering\|reading the prompt" <<<"$screen" && grep -q "│ [0-9]*[1-9][0-9.]* tok/s" <<<"$screen"; then
      break
    fi
    sleep 0.1
  done
  tmux kill-session -t "$session"
  grep -o '│ [0-9.]* tok/s' <<<"$screen" | head -1 | awk '{print $2}' || echo "-"
}
batch_rate() { # cases/s of 4 copies of demo-1 to demo-4 (those with sections) at --parallel 4
  local input="$data/batch.jsonl"
  for i in $(seq 4); do head -4 "$cases" | sed "s/\"id\": *\"demo-/\"id\": \"r$i-demo-/"; done > "$input"
  local start end
  start=$(date +%s.%N)
  if ! setsid env "$@" DDX_DATA_DIR="$data" "$ddx" batch "$input" "${common[@]}" "${batch_extra[@]}" --max-tokens 32 --parallel 4 -q > "$data/batch.out"; then
    echo "-"
    return
  fi
  end=$(date +%s.%N)
  python3 -c "print(f'{$(wc -l < "$input") / ($end - $start):.2f}')"
}
completion_rate() {
  [ -x "$ref/llama-completion" ] || { echo "-"; return; }
  "$ref/llama-completion" -m "$model" -p "What is the differential diagnosis of crushing chest pain?" \
    -n "$tokens" --temp 0 -no-cnv 2>&1 >/dev/null | grep -o 'eval time.*tokens per second' | tail -1 |
    grep -o '[0-9.]* tokens per second' | awk '{print $1}'
}

echo "# ddx under load: $(basename "$model"), template $template, $tokens tokens, $load niced busy loop(s), $(nproc) cores"
echo "raw output: $out"
echo
: > "$out/rates.tsv"
for round in $(seq "$rounds"); do
  for state in idle loaded; do
    [ "$state" = loaded ] && start_load "$load"
    for policy in default PASSIVE threads=1; do
      case "$policy" in
        default) env_args=(-u OMP_WAIT_POLICY) ;;
        threads=1) env_args=(-u OMP_WAIT_POLICY DDX_THREADS=1) ;;
        *) env_args=(OMP_WAIT_POLICY=$policy) ;;
      esac
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$state" "$policy" tui "$(tui_rate "${env_args[@]}")" >> "$out/rates.tsv"
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$state" "$policy" chat "$(chat_rate "${env_args[@]}")" >> "$out/rates.tsv"
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$state" "$policy" ask "$(ask_rate "${env_args[@]}")" >> "$out/rates.tsv"
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$state" "$policy" "batch cases/s" "$(batch_rate "${env_args[@]}")" >> "$out/rates.tsv"
    done
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$state" "llama.cpp" llama-completion "$(completion_rate)" >> "$out/rates.tsv"
    stop_load
  done
done
python3 - "$out/rates.tsv" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    rnd, state, policy, what, rate = line.rstrip("\n").split("\t")
    try:
        rows[(what, policy, state)].append(float(rate))
    except ValueError:
        pass
def med(key):
    xs = rows.get(key)
    return statistics.median(xs) if xs else None
def fmt(x):
    return "-" if x is None else f"{x:.1f}"
print("| mode | setting | idle (median) | loaded (median) | loaded / idle |")
print("|---|---|---|---|---|")
for what in ["tui", "chat", "ask", "batch cases/s", "llama-completion"]:
    for policy in ["default", "PASSIVE", "threads=1", "llama.cpp"]:
        idle, loaded = med((what, policy, "idle")), med((what, policy, "loaded"))
        if idle is None and loaded is None:
            continue
        ratio = fmt(loaded / idle) if idle and loaded else "-"
        print(f"| {what} | {policy} | {fmt(idle)} | {fmt(loaded)} | {ratio} |")
print()
for state in ["idle", "loaded"]:
    tui, chat = med(("tui", "PASSIVE", state)), med(("chat", "PASSIVE", state))
    if tui and chat:
        print(f"TUI / chat, {state}, PASSIVE: {tui / chat:.2f}")
    tui, chat = med(("tui", "default", state)), med(("chat", "default", state))
    if tui and chat:
        print(f"TUI / chat, {state}, default: {tui / chat:.2f}")
PY
