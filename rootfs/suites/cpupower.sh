#!/bin/sh
# krun's `cpupower` suite: cpupower's read-only commands with the cpupower
# kbuild's cpupower target built, unpacked at /; each command a case that
# passes when it runs and exits 0 (under QEMU most report "no driver" and
# still exit 0, which says the tool and the kernel's interfaces agree).
here=${0%/*}
. "$here/cases.sh"
LD_LIBRARY_PATH=/usr/lib64:/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
if ! command -v cpupower > /dev/null; then
  echo "krun: no cpupower in the guest: give the archive of kbuild's cpupower target (--kbuild DIR or --parameters CPUPOWER=)"
  exit 2
fi
failed=0
for command in info frequency-info idle-info; do
  out=$(cpupower "$command" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  if [ "$rc" = 0 ]; then
    case_result pass "$command"
  else
    case_result fail "$command" "exit $rc: $out"
    failed=1
  fi
done
exit $failed
