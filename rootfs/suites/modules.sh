#!/bin/sh
# krun's `modules` suite: load and unload every module of the modules
# archive, one case per module, with TuxRun's parameters:
#   MODULES_LIST            the modules to try (names), instead of all
#   MODULES_SUBDIRS         only those under these folders of kernel/ ("net fs")
#   SKIPLIST                leave out the modules whose path matches one of these
#   MODULE_MODPROBE_NUMBER  load/unload rounds per module (default 1)
#   SHARD_NUMBER, SHARD_INDEX  only this shard of the list (../shard.awk)
# A module passes when every `modprobe` and `modprobe -r` (which unloads
# what it pulled in, in reverse dependency order) succeeds; krun fails it
# too when the kernel printed a crash while it was being tried.
here=${0%/*}
. "$here/cases.sh"
dir=/lib/modules/$(uname -r)
list=/tmp/krun-modules
if [ -n "${MODULES_LIST:-}" ]; then
  printf '%s\n' $MODULES_LIST > "$list"
else
  if [ ! -f "$dir/modules.order" ]; then
    echo "krun: $dir/modules.order is missing: are these the modules of the running kernel ($(uname -r))?"
    exit 2
  fi
  # modules.order lists the tree's own modules; external ones (extra/,
  # updates/) are not in it and come after them.
  if [ -n "${MODULES_SUBDIRS:-}" ]; then
    grep -E "(^|/)kernel/($(echo "$MODULES_SUBDIRS" | tr ' ,' '||'))/" "$dir/modules.order"
  else
    cat "$dir/modules.order"
    (cd "$dir" && find . -name '*.ko*' ! -path './kernel/*' | sed 's|^\./||' | sort)
  fi > "$list.all"
  if [ -n "${SKIPLIST:-}" ]; then
    grep -Ev "($(echo "$SKIPLIST" | tr ' ,' '||'))" "$list.all"
  else
    cat "$list.all"
  fi > "$list.kept"
  if [ "${SHARD_NUMBER:-1}" -gt 1 ]; then
    LC_ALL=C awk -v shard="${SHARD_INDEX:-1}" -v number="$SHARD_NUMBER" -f "$here/../shard.awk" "$list.kept" "$list.kept"
  else
    cat "$list.kept"
  fi | sed 's|.*/||; s|\.ko.*$||' > "$list"
fi
echo "krun: $(wc -l < "$list") module(s) to load and unload"
rounds=${MODULE_MODPROBE_NUMBER:-1}
failed=0
while read -r module; do
  [ -n "$module" ] || continue
  why=
  round=0
  while [ "$round" -lt "$rounds" ] && [ -z "$why" ]; do
    round=$((round + 1))
    echo "krun: modprobe $module"
    out=$(modprobe "$module" 2>&1) || why="modprobe failed: $out"
    [ -n "$why" ] && break
    echo "krun: modprobe -r $module"
    out=$(modprobe -r "$module" 2>&1) || why="modprobe -r failed: $out"
  done
  if [ -z "$why" ]; then
    case_result pass "$module"
  else
    case_result fail "$module" "$why"
    failed=1
  fi
done < "$list"
exit $failed
