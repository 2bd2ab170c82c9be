#pragma once
// The guest protocol's marker lines ("<<KRUN>> BOOT", "MODULE name rc",
// "START name", "END name rc", "DONE"), found anywhere in a console line
// because kernel messages may be printed in front of them. A small state
// machine: the test that is running, the ones that ended, and whether the
// guest finished.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace krun {

struct GuestTest {
  std::string name;
  std::optional<int> exit_code;    // nullopt: started, never ended
  size_t first_line = 0, last_line = 0;
};

struct GuestModule {
  std::string name;
  int exit_code = 0;
};

class GuestMarkers {
 public:
  void on_line(size_t line_no, std::string_view line);

  bool booted() const { return booted_; }
  bool done() const { return done_; }
  size_t boot_line() const { return boot_line_; }
  const std::vector<GuestTest>& tests() const { return tests_; }
  const std::vector<GuestModule>& modules() const { return modules_; }
  // The test that started and has not ended yet (nullptr when none).
  const GuestTest* running() const;

 private:
  bool booted_ = false;
  bool done_ = false;
  size_t boot_line_ = 0;
  std::vector<GuestTest> tests_;
  std::vector<GuestModule> modules_;
};

}  // namespace krun
