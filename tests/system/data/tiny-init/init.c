/*
 * A one-program initramfs for the arches whose userland is not in Debian's
 * main archive (sh4, m68k, ppc64 big endian: debian-ports), so krun has no
 * default rootfs for them. Built statically with the cross compiler of
 * kbuild's toolchain image and given to krun with --rootfs, it is what a user
 * of such an arch does with their own rootfs: krun then counts "the kernel ran
 * /init" as booted and ends the run when the kernel says it restarts.
 *
 * It proves that userspace really runs: it prints what uname(2) answers,
 * which the system test finds in the console log.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

static void say(const char *text) {
  /* One write per line: kernel messages never split it. */
  if (write(1, text, strlen(text)) < 0) {
    /* No console on fd 1: nothing else to report through. */
  }
}

int main(void) {
  /* The kernel opens /dev/console for init from its built-in initramfs part;
   * when that is missing, devtmpfs provides one. */
  if (fcntl(1, F_GETFD) < 0) {
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int fd = open("/dev/console", O_RDWR);
    if (fd >= 0) {
      dup2(fd, 0);
      dup2(fd, 1);
      dup2(fd, 2);
    }
  }
  struct utsname u;
  char line[512];
  if (uname(&u) == 0)
    snprintf(line, sizeof line, "tiny-init: machine=%s release=%s\n", u.machine, u.release);
  else
    snprintf(line, sizeof line, "tiny-init: uname failed\n");
  say(line);
  sync();
  /* qemu runs with -no-reboot: a restart ends it, as krun's own init does. */
  reboot(RB_AUTOBOOT);
  say("tiny-init: reboot returned\n");
  for (;;) pause();
}
