#!/bin/bash
# kbuild's cost on top of plain make, on the same tree with the same config:
#   no-op rebuild (always): plain `make bzImage` vs `kbuild -r null ... kernel`
#     on two copies of one already-built folder, median of RUNS after a warm-up;
#   with --full (a quiet machine): a tinyconfig build from scratch, once each,
#     then the no-op rebuilds on those fresh folders, and kbuild podman vs null.
# Usage: bench/kbuild_overhead.sh BUILD_DIR [--full] [RUNS]
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=$(cd "$1" && pwd); full=0; [ "${2:-}" = --full ] && { full=1; shift; }; runs=${2:-5}
kbuild=${KBUILD:-$build/bin/kbuild}
[ -x "$kbuild" ] || { echo "bench: $kbuild not built" >&2; exit 2; }
need make "apt-get install make"; need gcc "apt-get install gcc"
work=$build/bench/kbuild; mkdir -p "$work"
jobs=2
lock() { flock /tmp/kernel-build.lock "$@"; }

plain_make() { lock make -C "$src" O="$1" ARCH=x86_64 -j$jobs "${@:2}"; }
ours() {  # ours RUNTIME BUILD_DIR OUT KCONFIG
  lock "$kbuild" -C "$src" -r "$1" -a x86_64 -t gcc -k "$4" -j$jobs -b "$2" -o "$3" -q kernel
}

if [ $full = 1 ]; then
  src=$(bench_tree "$build/bench")
  rm -rf "$work/plain" "$work/null" "$work/podman"
  p=$(seconds sh -c "flock /tmp/kernel-build.lock make -C '$src' O='$work/plain' ARCH=x86_64 -j$jobs tinyconfig && flock /tmp/kernel-build.lock make -C '$src' O='$work/plain' ARCH=x86_64 -j$jobs bzImage")
  o=$(seconds ours null "$work/null" "$work/out-null" tinyconfig)
  row "tinyconfig full build: plain make vs kbuild -r null" "$p" "$o" "one run each, s"
  o2=$(seconds ours podman "$work/podman" "$work/out-podman" tinyconfig)
  row "tinyconfig full build: kbuild -r null vs -r podman" "$o" "$o2" "one run each, s"
  config=tinyconfig
else
  # Seed: a folder already built by plain make (the development kernel).
  seed=${BENCH_SEED:-/work/kernels/x86_64/out}
  src=${BENCH_SRC:-/work/kernels/src}
  [ -f "$seed/arch/x86/boot/bzImage" ] || { echo "bench: no built seed folder at $seed (set BENCH_SEED/BENCH_SRC or use --full)" >&2; exit 2; }
  rm -rf "$work/plain" "$work/null"
  cp -a "$seed" "$work/plain"; cp -a "$seed" "$work/null"
  config=$work/seed.config; cp "$seed/.config" "$config"
fi

# Warm-up: kbuild's fixed build user/host/timestamp differ from a plain
# build's, so its first run relinks once; the figures are steady state.
plain_make "$work/plain" bzImage >/dev/null 2>&1
ours null "$work/null" "$work/out-null" "$config" >/dev/null 2>&1
plain=(); null=()
for _ in $(seq "$runs"); do
  plain+=("$(seconds plain_make "$work/plain" bzImage)")
  null+=("$(seconds ours null "$work/null" "$work/out-null" "$config")")
done
row "no-op rebuild: plain make vs kbuild -r null" "$(median "${plain[@]}")" "$(median "${null[@]}")" "median of $runs, s"

if [ $full = 1 ]; then
  ours podman "$work/podman" "$work/out-podman" "$config" >/dev/null 2>&1
  podman=()
  for _ in $(seq "$runs"); do podman+=("$(seconds ours podman "$work/podman" "$work/out-podman" "$config")"); done
  row "no-op rebuild: kbuild -r null vs -r podman" "$(median "${null[@]}")" "$(median "${podman[@]}")" "median of $runs, s"
fi
