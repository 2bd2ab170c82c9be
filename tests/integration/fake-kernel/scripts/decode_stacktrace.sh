#!/bin/sh
# Fake of the kernel's scripts/decode_stacktrace.sh, for kbuild's tests: each
# line of standard input comes back marked as decoded, with the vmlinux and
# tree it was given and the CROSS_COMPILE it saw; an input line FAKE_DECODE_FAIL
# makes it fail.
while IFS= read -r line; do
  [ "$line" = FAKE_DECODE_FAIL ] && { echo "cannot decode" >&2; exit 1; }
  printf 'decoded[%s %s CROSS_COMPILE=%s]: %s\n' "$(basename "$1")" "$(basename "$2")" "$CROSS_COMPILE" "$line"
done
