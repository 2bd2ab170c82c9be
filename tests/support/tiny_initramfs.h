#pragma once
// An initramfs holding one static program (tests/system/data/tiny-init/init.c)
// for arches Debian's main archive has no userland for (debian-ports: sh4,
// m68k, ppc64, ppc32, sparc64; none at all: big-endian MIPS and Arm, rv32).
// It is compiled by the cross compiler in the toolchain image that built the
// system kernel, against the image's glibc or, where that is for another
// endianness or word size, the kernel's nolibc: it needs nothing the kernel
// build did not.
#include <filesystem>
#include <string>

namespace testenv {

// <build>/system-kernels/<kernel>-tiny-init.cpio.gz, made once per build tree
// for the system kernel `kernel` (see system_kernels.h). Throws
// std::runtime_error with the compiler's output when the build fails.
std::filesystem::path tiny_initramfs(const std::string& kernel);

}  // namespace testenv
