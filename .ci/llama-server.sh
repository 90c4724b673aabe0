#!/usr/bin/env bash
# Build (once) and cache llama.cpp's `llama-server`, for the tests of ddx's remote backend, which
# talk to a real OpenAI-compatible server on loopback.
#
# The source is the llama.cpp tree vendored in the PyPI source distribution of llama-cpp-python
# (fetched with pip; no other network access). The binary is built statically against llama.cpp's
# own libraries (BUILD_SHARED_LIBS=OFF), for this machine's CPU (GGML_NATIVE=ON), without the web
# UI, and cached at
#   ${XDG_CACHE_HOME:-$HOME/.cache}/ddx/llama-server-$VERSION/llama-server
# When that binary is there and runs, the script exits at once. The finished binary is renamed into
# place, so an interrupted build never leaves a broken one in the cache. The first build takes
# 5 to 10 minutes on 2 cores. Needs cmake and a C/C++ compiler (bash .ci/setup.sh installs them).
#
# usage: bash .ci/llama-server.sh          build if needed; print the binary's path on stdout
#        bash .ci/llama-server.sh --path   print the binary's path (built or not); build nothing
# env:   LLAMA_CPP_PYTHON_VERSION          the llama-cpp-python sdist to take llama.cpp from
#                                          (default 0.3.36)
# Progress and errors go to stderr; on success stdout holds only the path.
set -euo pipefail

version=${LLAMA_CPP_PYTHON_VERSION:-0.3.36}
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/ddx/llama-server-$version"
bin="$cache_dir/llama-server"

say() { echo "llama-server.sh: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

case "${1:-}" in
  --path)
    [ $# -eq 1 ] || fail "usage: $0 [--path]"
    echo "$bin"
    exit 0
    ;;
  "")
    [ $# -eq 0 ] || fail "usage: $0 [--path]"
    ;;
  *) fail "usage: $0 [--path]" ;;
esac

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if works "$bin"; then
  echo "$bin"
  exit 0
fi

command -v cmake >/dev/null 2>&1 || fail "cmake is missing: run bash .ci/setup.sh (or install cmake)"
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || command -v clang++ >/dev/null 2>&1 ||
  fail "no C++ compiler: run bash .ci/setup.sh (or install g++ or clang)"
command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1 ||
  fail "python3 with pip is missing: run bash .ci/setup.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/ddx-llama-server.XXXXXX")
tmp="$cache_dir/.llama-server.$$"
trap 'rm -rf "$work"; rm -f "$tmp"' EXIT

say "building llama-server from llama-cpp-python $version (5 to 10 minutes on 2 cores)"
python3 -m pip download --no-deps --no-binary :all: -q -d "$work/dl" "llama-cpp-python==$version" >&2 ||
  fail "could not download the llama-cpp-python $version source distribution"
tar xzf "$work/dl/llama_cpp_python-$version.tar.gz" -C "$work"
src="$work/llama_cpp_python-$version/vendor/llama.cpp"
[ -f "$src/CMakeLists.txt" ] || fail "no vendor/llama.cpp in the llama-cpp-python $version sdist"

flags=()
# llama.cpp's AMX kernels crash (SIGSEGV on the first decode) on some Sapphire Rapids VMs; keep
# GGML_NATIVE's other kernels but leave AMX out. An explicit -mno-* wins over -march=native in
# GCC and Clang whatever the order.
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then
  flags+=("-DCMAKE_C_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
    "-DCMAKE_CXX_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16")
fi
# No web UI: no Node build, no download of prebuilt assets (options absent in older trees).
for opt in LLAMA_BUILD_UI LLAMA_USE_PREBUILT_UI LLAMA_BUILD_APP; do
  if grep -Eq "option\($opt[[:space:]]" "$src/CMakeLists.txt"; then
    flags+=("-D$opt=OFF")
  fi
done

log="$work/build.log"
show_log() {
  say "build failed; the end of its log:"
  tail -n 60 "$log" >&2
  exit 1
}
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
  -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF \
  -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON \
  ${flags[@]+"${flags[@]}"} >"$log" 2>&1 || show_log
cmake --build "$work/build" --config Release -j"$(nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)" \
  --target llama-server >>"$log" 2>&1 || show_log

built="$work/build/bin/llama-server"
works "$built" || {
  say "the built llama-server does not run:"
  "$built" --version >&2 || true
  exit 1
}

# Rename within the cache directory: atomic, so readers see either no binary or a whole one.
mkdir -p "$cache_dir"
cp "$built" "$tmp"
chmod 755 "$tmp"
mv -f "$tmp" "$bin"
say "built $bin"
echo "$bin"
