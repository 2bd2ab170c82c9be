#!/bin/bash
# `make bench`: every benchmark, each printing plain figure, ours and ratio.
# The full kernel builds only run on a quiet machine (load < 3) or with
# BENCH_FORCE=1; the others always run.
# Usage: bench/run.sh BUILD_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:?usage: bench/run.sh BUILD_DIR}
set +e
status=0
echo "== console parser throughput"; "$here/parser_throughput.sh" "$build" || status=1
echo "== krun vs bare qemu"; "$here/krun_overhead.sh" "$build" || status=1
echo "== KVM vs TCG, where KVM runs the guest"; "$here/kvm_speedup.sh" "$build" || status=1
if machine_is_quiet; then
  echo "== kbuild vs plain make (full build, no-op rebuild, podman vs null)"; "$here/kbuild_overhead.sh" "$build" --full || status=1
  echo "== ccache cold vs warm"; "$here/ccache_rebuild.sh" "$build" || status=1
  echo "== LTP for ltp-smoke: cold, warm, cached; the run"; "$here/ltp_build.sh" "$build" || status=1
else
  echo "== kbuild vs plain make (no-op rebuild only: load $(cut -d' ' -f1 /proc/loadavg) >= 3, BENCH_FORCE=1 runs the full builds)"
  "$here/kbuild_overhead.sh" "$build" || status=1
fi
exit $status
