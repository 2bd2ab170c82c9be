#!/bin/bash
# krun's cost on top of the qemu command it runs: boot the same kernel and
# the same initramfs with `krun` and with the bare qemu argv krun recorded in
# its metadata.json; total wall time and time until the guest prints
# `<<KRUN>> BOOT` (userspace reached). Medians of RUNS, x86_64 and arm64.
# Usage: bench/krun_overhead.sh BUILD_DIR [RUNS]
# Kernels: $BENCH_KERNEL_x86_64 / $BENCH_KERNEL_arm64, else the kernels the
# system tests built (BUILD_DIR/system-kernels/<arch>/: run `make system` once).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=$(cd "$1" && pwd); runs=${2:-5}
krun=${KRUN:-$build/bin/krun}
[ -x "$krun" ] || { echo "bench: $krun not built" >&2; exit 2; }
need python3 "apt-get install python3"
work=$build/bench/krun; mkdir -p "$work"
cache=$work/cache

# timed COMMAND...: prints "<total s> <s until the BOOT marker>" (-1: none).
timed() {
  local t0 marker=-1 line t1
  t0=$(now)
  while IFS= read -r line; do
    if [ "$marker" = -1 ] && [[ $line == *'<<KRUN>> BOOT'* ]]; then
      marker=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
    fi
  done < <("$@" 2>/dev/null </dev/null)
  t1=$(now)
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $marker"
}

for arch in x86_64 arm64; do
  case $arch in x86_64) device=qemu-x86_64 image=bzImage ;; arm64) device=qemu-arm64 image=Image.gz ;; esac
  var=BENCH_KERNEL_$arch; kernel=${!var:-$build/system-kernels/$arch/$image}
  [ -f "$kernel" ] || { echo "bench: no $arch kernel at $kernel (set $var)" >&2; continue; }
  out=$work/$arch; rm -rf "$out"
  # One run that keeps its outputs gives the exact qemu argv (and its initramfs).
  "$krun" --device $device --kernel "$kernel" --cache-dir "$cache" --results "$out.results.json" \
    --metadata "$out.metadata.json" --save-outputs -q >/dev/null 2>&1 || true
  mapfile -d '' argv < <(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
q = m.get("qemu", {})
argv = q.get("argv") if isinstance(q, dict) else None
argv = argv or m.get("qemu_argv") or m.get("argv")
sys.stdout.write("\0".join(argv) + "\0")' "$out.metadata.json")
  [ ${#argv[@]} -gt 0 ] || { echo "bench: no qemu argv in $out.metadata.json" >&2; continue; }
  for f in "${argv[@]}"; do case $f in /*) [ -e "$f" ] || { echo "bench: $f from the argv is gone" >&2; continue 2; } ;; esac; done
  kt=(); km=(); qt=(); qm=()
  for _ in $(seq "$runs"); do
    read -r t m < <(timed "${argv[@]}"); qt+=("$t"); qm+=("$m")
    read -r t m < <(timed "$krun" --device $device --kernel "$kernel" --cache-dir "$cache"); kt+=("$t"); km+=("$m")
  done
  row "$arch boot, total wall: bare qemu vs krun" "$(median "${qt[@]}")" "$(median "${kt[@]}")" "median of $runs, s"
  row "$arch boot, until <<KRUN>> BOOT: bare qemu vs krun" "$(median "${qm[@]}")" "$(median "${km[@]}")" "median of $runs, s"
done
