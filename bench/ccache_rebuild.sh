#!/bin/bash
# ccache through kbuild: the same tinyconfig tree built twice from an empty
# build folder, first with an empty ccache (cold), then with the cache the
# first build filled (warm). plain = cold, ours = warm.
# Usage: bench/ccache_rebuild.sh BUILD_DIR [RUNTIME]
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=$(cd "$1" && pwd); runtime=${2:-podman}
kbuild=${KBUILD:-$build/bin/kbuild}
[ -x "$kbuild" ] || { echo "bench: $kbuild not built" >&2; exit 2; }
work=$build/bench/ccache; src=$(bench_tree "$build/bench")
rm -rf "$work"; mkdir -p "$work"
run() {  # run NAME
  rm -rf "$work/build"
  seconds flock "$kernel_build_lock" "$kbuild" -C "$src" -r "$runtime" -a x86_64 -t gcc-12 -k tinyconfig -j2 \
    -w ccache -e CCACHE_DIR="$work/cache" -b "$work/build" -o "$work/out-$1" -q kernel
}
cold=$(run cold); warm=$(run warm)
row "tinyconfig build from scratch: ccache cold vs warm" "$cold" "$warm" "kbuild -r $runtime -w ccache, s"
