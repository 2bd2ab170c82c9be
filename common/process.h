#pragma once
// Running child processes: argv vectors only (never a shell string built from
// user input), optional environment and working directory, stdout/stderr
// streamed to callbacks, an overall timeout and a silence (idle) timeout, and
// the whole process group killed and reaped on timeout, on a callback's
// request, or when we receive SIGINT/SIGTERM (forwarded to the child's group
// first, SIGKILL after a grace period).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kc {

// Called with each chunk of output as it arrives (not split into lines).
// Return false to stop the process (its group is killed; result.stopped=true).
using OutputCallback = std::function<bool(std::string_view chunk)>;

struct ProcessOptions {
  std::vector<std::string> argv;                 // argv[0] is looked up in PATH
  std::map<std::string, std::string> env;        // set/override on top of ours
  std::vector<std::string> unset_env;            // removed from the child's env
  std::filesystem::path cwd;                     // empty: inherit
  std::optional<std::string> stdin_data;         // nullopt: stdin is /dev/null
  OutputCallback on_stdout;                      // null: captured into result.out
  OutputCallback on_stderr;                      // null: captured into result.err
  bool merge_stderr = false;                     // stderr goes to the stdout stream
  std::chrono::milliseconds timeout{0};          // 0: none
  std::chrono::milliseconds idle_timeout{0};     // 0: none; no output for this long
  std::chrono::milliseconds kill_grace{std::chrono::seconds(5)};
  // Cleanup commands (removing a container after Ctrl-C) must still run to
  // completion while a SIGINT/SIGTERM is pending.
  bool ignore_interrupts = false;
};

struct ProcessResult {
  int exit_code = -1;          // valid when exited normally
  int term_signal = 0;         // signal that ended it, 0 if it exited
  bool timed_out = false;      // overall timeout hit
  bool idle_timed_out = false; // silence timeout hit
  bool stopped = false;        // a callback asked to stop
  bool interrupted = false;    // we received SIGINT/SIGTERM while it ran
  bool spawn_failed = false;   // could not exec (e.g. program not found)
  std::string out, err;        // captured when no callback was given
  double seconds = 0;          // wall time
  bool ok() const { return exit_code == 0 && !timed_out && !idle_timed_out && !interrupted && !spawn_failed; }
  // "exited with 2", "killed by signal 9", "timed out after 30 s", ...
  std::string describe() const;
};

// Runs to completion (or timeout/stop/interrupt). Never throws for a failing
// child; spawn failures are reported in the result with a message in `err`.
ProcessResult run_process(const ProcessOptions& options);

// Full path of `program` in PATH, or empty when not found.
std::filesystem::path find_program(std::string_view program);

// argv joined for display / reproduction, each word shell-quoted when needed.
std::string quote_command(const std::vector<std::string>& argv);
// One word for sh: as it is when it is made only of characters sh leaves
// alone, else single-quoted ("it's" → 'it'\''s').
std::string shell_quote(const std::string& word);

// The owning PID in a name <prefix>-<pid>-<random> (krun's and kbuild's
// containers, krun's scratch folders), so that what a killed run left can
// be told from what a live one uses; nullopt for a name not of that form (a
// number too large for a pid included), which is then left alone.
std::optional<pid_t> owner_pid_in_name(const std::string& name, const std::string& prefix);

}  // namespace kc
