#!/bin/bash
# LTP built by krun for ltp-smoke, per guest arch: a cold build (empty
# compiler cache) against a warm one (a new cache entry, the compiler cache
# the cold build filled), then the cached case (no build at all); and, where
# the shared system kernel of that arch exists (build/system-kernels, made by
# the system tests), the ltp-smoke run under TCG.
# plain = cold, ours = warm (or cached); the run row has no plain figure.
# Usage: bench/ltp_build.sh BUILD_DIR [DEVICE...]   (default: qemu-x86_64 qemu-arm64)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=$(cd "$1" && pwd); shift
devices=("$@"); [ ${#devices[@]} -gt 0 ] || devices=(qemu-x86_64 qemu-arm64)
krun=${KRUN:-$build/bin/krun}
[ -x "$krun" ] || { echo "bench: $krun not built" >&2; exit 2; }
source=${LTP_SOURCE:-$here/../../shared/ltp/ltp-20260529.tar.xz}
[ -e "$source" ] || { echo "bench: no LTP source at $source (set LTP_SOURCE)" >&2; exit 2; }
need podman "apt-get install podman"
work=$build/bench/ltp; rm -rf "$work"; mkdir -p "$work"
kernel_for() { case $1 in qemu-x86_64) echo x86_64 ;; qemu-arm64) echo arm64 ;; *) echo "" ;; esac; }

for device in "${devices[@]}"; do
  ltp_build() {  # ltp_build CACHE
    KRUN_LTP_CCACHE_DIR=$work/ccache-$device "$krun" ltp build --device "$device" --tests ltp-smoke \
      --cache-dir "$1" --parameters "LTP_SOURCE=$source"
  }
  # The build image is made first so that neither figure includes it.
  ltp_build "$work/warmup-$device" >/dev/null 2>&1 || { echo "bench: LTP build for $device failed" >&2; exit 1; }
  rm -rf "$work/ccache-$device"
  cold=$(seconds ltp_build "$work/cold-$device")
  warm=$(seconds ltp_build "$work/warm-$device")
  cached=$(seconds ltp_build "$work/warm-$device")
  row "LTP for ltp-smoke on $device: cold vs warm ccache" "$cold" "$warm" "krun ltp build, s"
  row "LTP for ltp-smoke on $device: cold vs cached" "$cold" "$cached" "no build, s"
  k=$(kernel_for "$device")
  if [ -n "$k" ] && [ -f "$build/system-kernels/$k/.complete" ]; then
    run=$(seconds "$krun" -q --device "$device" --kbuild "$build/system-kernels/$k" --tests ltp-smoke \
      --cache-dir "$work/warm-$device" --parameters "LTP_SOURCE=$source")
    row "ltp-smoke run on $device under TCG (boot included)" "$run" "$run" "krun, s"
  else
    echo "bench: no system kernel for $device in $build/system-kernels; run the system tests first for the run row" >&2
  fi
done
