#!/bin/bash
# What KVM buys where a machine has a KVM that runs the guest: the same
# x86_64 kernel, initramfs and command booted by krun under TCG
# (--disable-kvm) and under KVM (--enable-kvm); medians of RUNS, wall time
# of the whole run. On a machine whose KVM cannot run the guest (this
# project's, with a paravirtual KVM) it says so, with krun's reason.
# Usage: bench/kvm_speedup.sh BUILD_DIR [RUNS]
# Kernel: $BENCH_KERNEL_x86_64, else the system tests' (BUILD_DIR/system-kernels/x86_64).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=$(cd "$1" && pwd); runs=${2:-5}
krun=${KRUN:-$build/bin/krun}
[ -x "$krun" ] || { echo "bench: $krun not built" >&2; exit 2; }
kernel=${BENCH_KERNEL_x86_64:-$build/system-kernels/x86_64/bzImage}
[ -f "$kernel" ] || { echo "bench: no x86_64 kernel at $kernel (set BENCH_KERNEL_x86_64)"; exit 0; }
work=$build/bench/kvm; mkdir -p "$work"
cache=$work/cache
run_krun() { "$krun" -q --device qemu-x86_64 --kernel "$kernel" --cache-dir "$cache" "$@" -- 'uname -m'; }

run_krun --disable-kvm >/dev/null 2>&1 || { echo "bench: krun cannot boot $kernel" >&2; exit 1; }
if ! why=$(run_krun --enable-kvm 2>&1 >/dev/null); then
  echo "KVM unusable here: $(printf '%s\n' "$why" | grep '^E:' | head -n 1)"
  exit 0
fi
tcg=(); kvm=()
for _ in $(seq "$runs"); do
  tcg+=("$(seconds run_krun --disable-kvm)")
  kvm+=("$(seconds run_krun --enable-kvm)")
done
row "x86_64 boot and a command: TCG vs KVM" "$(median "${tcg[@]}")" "$(median "${kvm[@]}")" "median of $runs, s"
