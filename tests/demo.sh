#!/usr/bin/env bash
# `make demo`: the main job on the embedded default kernel — Debian's
# linux-source-6.1 — built for x86_64 with kbuild through podman (tinyconfig
# plus the qemu-x86_64 device fragment), then booted with krun on the default
# root filesystem. Everything lands in <build>/demo.
set -euo pipefail
build_dir=$(realpath "${1:-build}")
src_tar=/usr/src/linux-source-6.1.tar.xz
demo=$build_dir/demo
here=$(cd "$(dirname "$0")/.." && pwd)

[ -f "$src_tar" ] || { echo "E: $src_tar is missing: run 'make deps' (package linux-source-6.1)" >&2; exit 3; }
if [ ! -f "$demo/linux/Makefile" ]; then
  echo "I: unpacking $src_tar into $demo/linux" >&2
  rm -rf "$demo/linux" && mkdir -p "$demo/linux"
  tar -xf "$src_tar" -C "$demo/linux" --strip-components=1
fi

"$build_dir/bin/kbuild" -C "$demo/linux" -a x86_64 -t gcc-12 -k tinyconfig \
  -K "$here/devices/fragments/qemu-x86_64.config" \
  -w ccache -o "$demo/kbuild-output" -b "$demo/kbuild-build" \
  kernel modules

"$build_dir/bin/krun" --kbuild "$demo/kbuild-output" --results "$demo/results.json" \
  --log-file "$demo/console.log"
echo "I: results: $demo/results.json, console log: $demo/console.log" >&2
