#!/bin/sh
# krun's LTP runner, the guest side of `--tests ltp-<name>`: runs the tests
# of one runtest file of the LTP install the way ltp-pan did and prints, per
# test, the block ltp-pan printed, which krun reads off the console:
#   <<<test_start>>>  tag=NAME stime=...  cmdline="..."
#   <<<test_output>>> what the test printed (TPASS/TFAIL/TCONF/TBROK lines)
#   <<<execution_status>>> duration=SECONDS termination_type=exited termination_id=EXIT
#   <<<test_end>>>
# LTP's own runners do not fit a bare guest: runltp is gone (LTP 20260529
# keeps a stub that exits 1) and kirk, its successor, needs Python.
# Usage: sh runner.sh RUNTEST_FILE [SKIPFILE]   (LTPROOT: the install, /opt/ltp)
# SKIPFILE holds shell patterns of test tags, one per line: those are not run
# and end with LTP's TCONF exit status (32).
runtest=$1
skipfile=${2:-}
LTPROOT=${LTPROOT:-/opt/ltp}
file="$LTPROOT/runtest/$runtest"
if [ ! -f "$file" ]; then
  echo "krun: no runtest file $file in the LTP install"
  exit 2
fi
# --parameters SHARD_NUMBER=N SHARD_INDEX=I: only shard I of N of the
# runtest file's tests (comments and blank lines dropped first, as TuxRun's
# test definitions do), cut by krun's shard.awk next to this runner.
if [ "${SHARD_NUMBER:-1}" -gt 1 ]; then
  all="${TMPDIR:-/tmp}/krun-runtest-$runtest"
  sed 's/#.*$//;/^[[:space:]]*$/d' "$file" > "$all"
  LC_ALL=C awk -v shard="${SHARD_INDEX:-1}" -v number="$SHARD_NUMBER" -f "${0%/*}/shard.awk" "$all" "$all" > "$all.shard"
  echo "krun: shard ${SHARD_INDEX:-1} of $SHARD_NUMBER: $(wc -l < "$all.shard") of $(wc -l < "$all") tests of runtest/$runtest"
  file="$all.shard"
fi
export LTPROOT
export PATH="$LTPROOT/testcases/bin:$PATH"
export LTP_COLORIZE_OUTPUT="${LTP_COLORIZE_OUTPUT:-0}"
# Emulated guests are slow: LTP's per-test timeouts are multiplied (TuxRun's
# default TIMEOUT_MULTIPLIER).
export LTP_TIMEOUT_MUL="${LTP_TIMEOUT_MUL:-5}"
TMPDIR="${TMPDIR:-/tmp}/ltp"
export TMPDIR
mkdir -p "$TMPDIR"

now() { awk '{ print $1 }' /proc/uptime; }

skipped() {
  [ -n "$skipfile" ] && [ -f "$skipfile" ] || return 1
  while read -r pattern || [ -n "$pattern" ]; do
    [ -n "$pattern" ] || continue
    # shellcheck disable=SC2254 # the pattern is a glob on purpose
    case "$1" in $pattern) return 0 ;; esac
  done < "$skipfile"
  return 1
}

failed=0
while read -r tag cmd || [ -n "$tag" ]; do
  case "$tag" in '' | '#'*) continue ;; esac
  [ -n "$cmd" ] || cmd=$tag
  echo "<<<test_start>>>"
  echo "tag=$tag stime=$(date +%s)"
  echo "cmdline=\"$cmd\""
  echo "<<<test_output>>>"
  start=$(now)
  if skipped "$tag"; then
    echo "krun: $tag is in the skip list; not run"
    rc=32
  else
    (cd "$TMPDIR" && sh -c "$cmd") < /dev/null 2>&1
    rc=$?
  fi
  end=$(now)
  echo "<<<execution_status>>>"
  echo "initiation_status=\"ok\""
  echo "duration=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') termination_type=exited termination_id=$rc corefile=no"
  echo "<<<test_end>>>"
  [ "$rc" = 0 ] || [ "$rc" = 32 ] || failed=1
done < "$file"
exit $failed
