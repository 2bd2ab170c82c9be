#!/bin/sh
# krun's `rcutorture` suite, the cases of LKFT's test definition: the
# kernel's RCU torture test (a kernel built with -K rcutorture) runs for
# TORTURE_TIME seconds (default 600) with RCUTORTURE_PARAMETERS given to
# the module, and its own end-of-test line decides.
here=${0%/*}
. "$here/cases.sh"
time=${TORTURE_TIME:-600}
dmesg -c > /dev/null 2>&1
if out=$(modprobe rcutorture ${RCUTORTURE_PARAMETERS:-} 2>&1); then
  case_result pass modprobe-rcutorture
else
  case_result fail modprobe-rcutorture "$out (does the kernel have CONFIG_RCU_TORTURE_TEST=m? kbuild -K rcutorture)"
  exit 1
fi
sleep 5
if dmesg | grep -q 'rcu-torture:--- Start of test'; then
  case_result pass rcutorture-start
else
  case_result fail rcutorture-start "no 'Start of test' line from rcutorture"
fi
echo "krun: torturing RCU for $time s"
sleep "$time"
if out=$(rmmod rcutorture 2>&1); then
  case_result pass rmmod-rcutorture
else
  case_result fail rmmod-rcutorture "$out"
fi
sleep 2
end=$(dmesg | grep 'rcu-torture:--- End of test' | tail -n 1)
case "$end" in
  *'End of test: SUCCESS'*) case_result pass rcutorture-end ;;
  '') case_result fail rcutorture-end "rcutorture printed no end-of-test line"; exit 1 ;;
  *) case_result fail rcutorture-end "${end#*rcu-torture:}"; exit 1 ;;
esac
