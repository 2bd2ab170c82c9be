#pragma once
// `--log-file-html FILE` (TuxRun has the option): one self-contained HTML
// page per run that a kernel developer reads instead of the raw console:
// how the run ended, a pass/fail/skip/unknown table per suite, each failed
// case and each crash linked to its lines, and the console itself with
// those lines marked. Inline CSS only: no scripts, no external resources,
// so it opens offline and from a CI artifact store. The console part is
// capped (krun/results/html_console.h) so a huge log still gives a page a
// browser opens; the page then says what it left out and where the full
// log is.
#include <filesystem>

#include <nlohmann/json.hpp>

namespace krun {

struct HtmlReportInput {
  nlohmann::json results;               // results.json: {suite: {case: {result, reason, lines, ...}}}
  std::filesystem::path console_log;    // may be missing: the page says so
  // krun's metadata.json object, or null: device, arch, end_reason,
  // end_detail, exit_code, durations, artifacts.
  nlohmann::json metadata;
};

// Writes the page atomically (never a half-written file); throws
// kc::Error(Infrastructure) naming `out` when it cannot be written.
void write_html_report(const HtmlReportInput& in, const std::filesystem::path& out);

}  // namespace krun
