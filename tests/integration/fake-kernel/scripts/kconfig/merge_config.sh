#!/bin/sh
# Fake merge_config.sh: supports what kbuild uses (-m -O <dir> base frags...).
# Later fragments override earlier values of the same symbol. Like the real
# script it creates its temporary file in the current directory, so running it
# inside a read-only source tree fails just as the real one does.
set -e
MERGE_ONLY=
OUTPUT=.
while [ $# -gt 0 ]; do
  case "$1" in
    -m) MERGE_ONLY=1; shift ;;
    -O) OUTPUT="$2"; shift 2 ;;
    *) break ;;
  esac
done
[ -n "$MERGE_ONLY" ] || { echo "fake merge_config.sh only supports -m" >&2; exit 2; }
BASE="$1"; shift
TMP_FILE=$(mktemp ./.tmp.config.XXXXXXXXXX)
cp "$BASE" "$TMP_FILE"
for frag in "$@"; do
  [ -f "$frag" ] || { echo "merge_config.sh: $frag not found" >&2; rm -f "$TMP_FILE"; exit 1; }
  echo "Merging $frag"
  for sym in $(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p; s/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$frag"); do
    sed -i "/^$sym=/d; /^# $sym is not set\$/d" "$TMP_FILE"
  done
  grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$frag" >> "$TMP_FILE" || true
done
mv "$TMP_FILE" "$OUTPUT/.config"
