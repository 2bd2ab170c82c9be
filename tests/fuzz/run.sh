#!/bin/sh
# One fuzz target for a bounded time: run.sh FUZZ_BUILD TARGET SECONDS CORPUS...
# The seed corpora (in the repository) are read, never written: what the run
# finds new goes into a scratch folder, and a crashing input into
# FUZZ_BUILD/findings/TARGET-crash-..., named on stderr by libFuzzer, with
# exit code 1. Reproduce with: FUZZ_BUILD/TARGET FILE
set -eu
build=$1 target=$2 seconds=$3
shift 3
scratch=$build/corpus-$target
rm -rf "$scratch"
mkdir -p "$scratch" "$build/findings"
exec "$build/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$build/findings/$target-" "$scratch" "$@"
