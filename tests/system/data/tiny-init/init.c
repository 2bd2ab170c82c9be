/*
 * A one-program initramfs for the arches krun has no default rootfs for:
 * debian-ports ones (sh4, m68k, ppc64, ppc32, sparc64) and ones no Debian C
 * library serves at all (big-endian MIPS and Arm, 32-bit RISC-V). Built
 * statically by the cross compiler of kbuild's toolchain image and given to
 * krun with --rootfs, it is what a user of such an arch does with their own
 * rootfs: krun then counts "the kernel ran /init" as booted and ends the run
 * when the kernel says it restarts.
 *
 * It proves that userspace really runs: it prints what uname(2) answers,
 * which the system test finds in the console log.
 *
 * With a C library for the guest it is built against it; without one it is
 * built with -include tools/include/nolibc/nolibc.h, the kernel's own minimal
 * C library (_NOLIBC_H), which has what this program uses but uname(), or
 * where even that does not build, on its arch layer alone (below).
 */
#if defined(_NOLIBC_H) || defined(_NOLIBC_ARCH_H)
#include <asm/unistd.h>
#include <linux/reboot.h>
#include <linux/utsname.h>
#define utsname new_utsname
#define RB_AUTOBOOT LINUX_REBOOT_CMD_RESTART
static int uname(struct utsname *u) { return my_syscall1(__NR_uname, u); }
#endif
#if defined(_NOLIBC_ARCH_H) && !defined(_NOLIBC_H)
/* Only the arch layer of nolibc (-include tools/include/nolibc/arch.h: its
 * _start and syscall macros): 6.1's C library part does not build for
 * 32-bit RISC-V, whose kernel has only the time64 syscalls it lacks. The
 * few calls this program makes, straight to the kernel: */
#include <linux/fcntl.h>
static long write(int fd, const void *buf, unsigned long n) { return my_syscall3(__NR_write, fd, buf, n); }
static int mkdir(const char *path, int mode) { return my_syscall3(__NR_mkdirat, AT_FDCWD, path, mode); }
static int mount(const char *src, const char *dst, const char *type, unsigned long flags, const void *data) {
  return my_syscall5(__NR_mount, src, dst, type, flags, data);
}
static int open(const char *path, int flags) { return my_syscall4(__NR_openat, AT_FDCWD, path, flags, 0); }
static int dup2(int old, int new) { return my_syscall3(__NR_dup3, old, new, 0); }
static int reboot(int cmd) {
  return my_syscall4(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, 0);
}
#elif !defined(_NOLIBC_H)
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#endif

static char line[512];
static unsigned long line_length;

static void add(const char *text) {
  while (*text && line_length < sizeof line - 1) line[line_length++] = *text++;
}

static void say_line(void) {
  /* One write per line: kernel messages never split it. */
  if (write(1, line, line_length) < 0) {
    /* No console on fd 1: nothing else to report through. */
  }
  line_length = 0;
}

int main(void) {
  /* The kernel opens /dev/console for init from its built-in initramfs part;
   * when that is missing (writing nothing to fd 1 fails), devtmpfs provides one. */
  if (write(1, "", 0) < 0) {
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
    int fd = open("/dev/console", O_RDWR);
    if (fd >= 0) {
      dup2(fd, 0);
      dup2(fd, 1);
      dup2(fd, 2);
    }
  }
  struct utsname u;
  if (uname(&u) == 0) {
    add("tiny-init: machine=");
    add(u.machine);
    add(" release=");
    add(u.release);
    add("\n");
  } else {
    add("tiny-init: uname failed\n");
  }
  say_line();
  /* qemu runs with -no-reboot: a restart ends it, as krun's own init does.
   * The initramfs is in RAM: there is nothing to sync first. */
  reboot(RB_AUTOBOOT);
  add("tiny-init: reboot returned\n");
  say_line();
  return 1;
}
