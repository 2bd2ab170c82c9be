#include "kbuild/status.h"

namespace kbuild {

std::string to_string(Status status) {
  switch (status) {
    case Status::Pass: return "PASS";
    case Status::Fail: return "FAIL";
    case Status::Skip: return "SKIP";
    case Status::Running: return "RUNNING";
    case Status::Interrupted: return "INTERRUPTED";
  }
  return "FAIL";
}

}  // namespace kbuild
