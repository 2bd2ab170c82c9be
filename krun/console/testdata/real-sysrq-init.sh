#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox echo "crash test: triggering sysrq c"
/bin/busybox echo c > /proc/sysrq-trigger
/bin/busybox sleep 10
