#pragma once
// Errors a user can act on. Each tool maps an ErrorKind to its own exit code
// (README "Exit codes", docs/design.md) and prints the message as one `E:` line,
// never a stack trace.
#include <stdexcept>
#include <string>

namespace kc {

enum class ErrorKind {
  Usage,           // bad option, unknown arch/toolchain/target, invalid input file
  Failure,         // the thing under test failed (a target, a test, a hook)
  Infrastructure,  // runtime missing, image unavailable, download failed
  Incomplete,      // run did not finish (timeout, interrupted, boot never reached)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline Error usage_error(const std::string& m) { return Error(ErrorKind::Usage, m); }
inline Error infra_error(const std::string& m) { return Error(ErrorKind::Infrastructure, m); }

}  // namespace kc
