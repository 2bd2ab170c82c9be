# Shared helpers for the benchmarks (sourced, not run). Every benchmark prints
# rows "<what>  plain=<x>  ours=<y>  ratio=<y/x>" where plain is the tool we
# wrap (make, qemu, grep) measured side by side in the same run.
set -eu

now() { date +%s.%N; }

# seconds COMMAND...: runs it, prints its wall time in seconds; output hidden.
seconds() {
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; return 1; }
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# median N1 N2 ...
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ratio() { awk -v p="$1" -v o="$2" 'BEGIN { if (p > 0) printf "%.2f\n", o / p; else print "n/a" }'; }

# row WHAT PLAIN OURS UNIT
row() { printf '%-48s plain=%-10s ours=%-10s ratio=%s  (%s)\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4"; }

# Expensive benchmarks (full kernel builds) only run on a quiet machine
# unless BENCH_FORCE=1: a loaded machine gives meaningless figures.
machine_is_quiet() {
  [ "${BENCH_FORCE:-0}" = 1 ] && return 0
  awk '{ exit !($1 < 3) }' /proc/loadavg
}

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is needed ($2)" >&2; exit 2; }; }

kernel_tarball=/usr/src/linux-source-6.1.tar.xz

# One kernel build at a time on the machine, shared with the system tests
# (tests/support/system_kernels.h: kernel_build_lock_path).
kernel_build_lock=${XDG_CACHE_HOME:-$HOME/.cache}/kbuild/kernel-build.lock
mkdir -p "$(dirname "$kernel_build_lock")"

# A kernel tree for benchmarks under $1 (unpacked once).
bench_tree() {
  local dir=$1/linux-source-6.1
  if [ ! -f "$dir/.unpacked" ]; then
    [ -f "$kernel_tarball" ] || { echo "bench: $kernel_tarball missing (apt-get install linux-source-6.1)" >&2; exit 2; }
    rm -rf "$dir" && mkdir -p "$1" && tar -xf "$kernel_tarball" -C "$1" && touch "$dir/.unpacked"
  fi
  echo "$dir"
}
