#!/bin/bash
# Console parser throughput: `krun log parse` over a large log that is
# mostly a clean boot (the boot lines of the real consoles in
# krun/console/testdata) with a recorded crash report every ~256 KiB,
# against grep looking for the same kind of lines (the plain tool), at two
# sizes; peak RSS from /usr/bin/time -v must stay flat as the log grows.
# Usage: bench/parser_throughput.sh BUILD_DIR [SIZE_MB_SMALL] [SIZE_MB_LARGE] [RUNS]
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=$(cd "$1" && pwd); small=${2:-100}; large=${3:-400}; runs=${4:-3}
krun=${KRUN:-$build/bin/krun}
[ -x "$krun" ] || { echo "bench: $krun not built" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
work=$build/bench/parser; mkdir -p "$work"
# The first words of the report families krun knows (krun/console/report_families.cc).
families='Kernel panic|BUG: |WARNING: |INFO: |UBSAN: |Oops|Unable to handle|Internal error|Unhandled fault|kernel BUG at|general protection fault|invalid opcode|double fault|Watchdog detected|invoked oom-killer|[Oo]ut of memory|unreferenced object|kmemleak:'

make_log() {  # make_log MB FILE
  local data=$here/../krun/console/testdata boot=$work/boot.log chunk=$work/chunk.log
  # The clean part: the real boots up to their first report.
  for f in "$data"/x86_64-real-*.log; do
    grep -v '^#krun-' "$f" | tr -d '\r' | sed -n '/Kernel panic\|sysrq: Trigger/q;p'
  done > "$boot"
  : > "$chunk"
  for f in "$data"/*.log; do  # every recorded report once, each after ~256 KiB of boot lines
    while [ $(( $(stat -c %s "$chunk") % 262144 )) -lt 250000 ]; do cat "$boot" >> "$chunk"; done
    grep -v '^#krun-' "$f" >> "$chunk"
  done
  local want=$(( $1 * 1024 * 1024 ))
  : > "$2"; while [ "$(stat -c %s "$2")" -lt "$want" ]; do cat "$chunk" >> "$2"; done
}

for mb in $small $large; do
  log=$work/console-$mb.log
  [ -f "$log" ] || make_log "$mb" "$log"
  bytes=$(stat -c %s "$log"); real_mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
  cat "$log" > /dev/null  # page cache warm for both tools
  plain=(); ours=(); rss=0
  for _ in $(seq "$runs"); do
    # grep's output goes to a file: with /dev/null as its output GNU grep
    # stops at the first match and would not read the log at all.
    plain+=("$(seconds sh -c 'grep -n -E "$1" "$2" > "$3"' sh "$families" "$log" "$work/grep.out")")
    t0=$(now)
    /usr/bin/time -v -o "$work/time.txt" "$krun" log parse "$log" >/dev/null 2>&1 || true  # exits 1: crashes found
    t1=$(now)
    ours+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
    r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt"); [ "$r" -gt "$rss" ] && rss=$r
  done
  p=$(median "${plain[@]}"); o=$(median "${ours[@]}")
  row "log parse ${real_mb} MB: seconds (grep vs krun)" "$p" "$o" "median of $runs"
  echo "  krun log parse: $(awk -v m="$real_mb" -v s="$o" 'BEGIN { printf "%.1f", m / s }') MB/s, grep: $(awk -v m="$real_mb" -v s="$p" 'BEGIN { printf "%.1f", m / s }') MB/s, krun peak RSS ${rss} KiB"
done
