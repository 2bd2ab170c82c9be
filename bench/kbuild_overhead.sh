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
lock() { flock "$kernel_build_lock" "$@"; }

plain_make() { lock make -C "$src" O="$1" ARCH=x86_64 -j$jobs "${@:2}"; }
ours() {  # ours RUNTIME BUILD_DIR OUT KCONFIG
  lock "$kbuild" -C "$src" -r "$1" -a x86_64 -t gcc -k "$4" -j$jobs -b "$2" -o "$3" -q kernel
}

if [ $full = 1 ]; then
  src=$(bench_tree "$build/bench")
  rm -rf "$work/plain" "$work/null" "$work/podman"
  p=$(seconds sh -c "flock '$kernel_build_lock' make -C '$src' O='$work/plain' ARCH=x86_64 -j$jobs tinyconfig && flock '$kernel_build_lock' make -C '$src' O='$work/plain' ARCH=x86_64 -j$jobs bzImage")
  o=$(seconds ours null "$work/null" "$work/out-null" tinyconfig)
  row "tinyconfig full build: plain make vs kbuild -r null" "$p" "$o" "one run each, s"
  o2=$(seconds ours podman "$work/podman" "$work/out-podman" tinyconfig)
  row "tinyconfig full build: kbuild -r null vs -r podman" "$o" "$o2" "one run each, s"
  config=tinyconfig
else
  # Seed: a tinyconfig folder built once by plain make from Debian's
  # linux-source (kept under the build folder for later runs), or
  # BENCH_SEED/BENCH_SRC naming a built folder and its tree.
  src=${BENCH_SRC:-$(bench_tree "$build/bench")}
  seed=${BENCH_SEED:-$work/seed}
  if [ ! -f "$seed/arch/x86/boot/bzImage" ]; then
    [ -z "${BENCH_SEED:-}" ] || { echo "bench: BENCH_SEED=$seed has no arch/x86/boot/bzImage" >&2; exit 2; }
    echo "bench: building the seed folder $seed once (plain make tinyconfig bzImage)" >&2
    rm -rf "$seed"
    plain_make "$seed" tinyconfig >/dev/null && plain_make "$seed" bzImage >/dev/null ||
      { echo "bench: building the seed folder failed (make -C $src O=$seed bzImage)" >&2; exit 2; }
  fi
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
