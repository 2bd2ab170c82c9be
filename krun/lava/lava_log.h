#pragma once
// A LAVA job's log, as `lava-run` writes it (one YAML flow mapping a line on
// its stderr) and as a lab serves it (`lavacli jobs logs ID --raw`, the
// same lines as a YAML list): the guest's console (`lvl: target`, and
// `feedback` for what it printed between actions) and LAVA's results
// (`lvl: results`: definition, case, result).
#include <filesystem>
#include <string>
#include <vector>

namespace krun::lava {

struct LavaResult {
  std::string definition;  // "krun" (our monitor), "lava" (the dispatcher's own actions, "job")
  std::string test_case;
  std::string result;      // pass | fail | skip | unknown
  std::string error;       // a failed job's "error_type: error_msg" (an unreachable artifact URL, ...)
};

struct LavaLog {
  std::vector<std::string> console;  // guest lines in order, without line ends
  std::vector<double> console_seconds;  // when LAVA logged each (seconds since its first entry)
  std::vector<LavaResult> results;
  size_t entries = 0;                // log lines read
};

// Lines that are not a LAVA log entry are skipped (counted as not read);
// throws kc::Error(Usage) naming the file when it cannot be read or holds no
// entry at all.
LavaLog read_lava_log(const std::filesystem::path& file);

// lava-run's verdict on the whole job (definition `lava`, case `job`), or
// null when the log has none (a job cut off before its end).
const LavaResult* job_result(const LavaLog& log);
LavaLog parse_lava_log(const std::string& text);

}  // namespace krun::lava
