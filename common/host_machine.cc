#include "common/host_machine.h"

#include <sys/utsname.h>

namespace kc {

std::string host_machine() {
  struct utsname u {};
  if (uname(&u) != 0) return "unknown";
  return u.machine;
}

}  // namespace kc
