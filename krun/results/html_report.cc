#include "krun/results/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "common/atomic_file.h"
#include "common/size_caps.h"
#include "common/text_lines.h"
#include "krun/results/html_console.h"
#include "krun/results/html_text.h"

namespace krun {

namespace fs = std::filesystem;
using nlohmann::json;
using html::text;

namespace {

// Plain, printable and readable on a phone: no fonts or images to fetch.
constexpr const char* kCss = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0;background:#fff}
main{padding:16px 24px}
h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600;font-size:13px;vertical-align:2px;margin-left:8px}
.pass{background:#1a7f37}.fail{background:#cf222e}.incomplete{background:#9a6700}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;margin:0}
dl.facts dt{color:#656d76}dl.facts dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:600;background:#f6f8fa}
td.bad{color:#cf222e;font-weight:600}td.warn{color:#9a6700;font-weight:600}
.crash{border-left:4px solid #cf222e;background:#fff5f5;padding:8px 12px;margin:10px 0}
.crash h3{font-size:14px;margin:0 0 4px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.meta{color:#656d76;font-size:13px;margin:0}
pre,.log{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
pre{background:#f6f8fa;padding:8px;overflow-x:auto;margin:6px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.note{color:#656d76;font-size:13px}
.log{background:#fafbfc;border:1px solid #d0d7de;padding:4px 0}
.log div{white-space:pre-wrap;overflow-wrap:anywhere;padding:0 8px 0 9ch;text-indent:-9ch;min-height:1.4em}
.log div a{display:inline-block;width:7ch;margin-right:2ch;text-indent:0;text-align:right;color:#8c959f;user-select:none}
.log .f{background:#fff8c5}.log .c{background:#ffebe9}.log .cs{border-top:2px solid #cf222e}
.log div:target{background:#ddf4ff;outline:1px solid #54aeff}
.log .gap{font-style:italic;color:#57606a;background:#eaeef2;padding:4px 8px;text-indent:0;margin:2px 0}
.log .gap a{display:inline;width:auto;margin:0;color:#0969da;user-select:auto}
.cut{color:#8c959f;font-style:italic}
)css";

std::string display(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

const json& field(const json& obj, const char* key) {
  static const json null;
  if (!obj.is_object()) return null;
  auto it = obj.find(key);
  return it == obj.end() ? null : *it;
}

struct SuiteCounts {
  std::string name;
  int pass = 0, fail = 0, skip = 0, unknown = 0;
};

struct FailedCase {
  std::string suite, name;
  const json* data;
  html::LineRange lines{0, 0};  // {0, 0}: the case has none
};

struct Collected {
  std::vector<SuiteCounts> suites;
  std::vector<FailedCase> failed;
  std::vector<const json*> crashes;
};

std::string result_of(const json& c) {
  const json& r = field(c, "result");
  return r.is_string() ? r.get<std::string>() : "unknown";
}

// A 1-based console line number, 0 for anything else.
size_t line_number(const json& v) {
  if (v.is_number_unsigned()) return v.get<size_t>();
  return v.is_number_integer() && v.get<long long>() > 0 ? v.get<size_t>() : 0;
}

Collected collect(const json& results) {
  Collected out;
  if (!results.is_object()) return out;
  // "boot" first: it says whether anything else could run at all.
  std::vector<std::string> order;
  if (results.contains("boot")) order.push_back("boot");
  for (const auto& [suite, cases] : results.items())
    if (suite != "boot") order.push_back(suite);
  for (const std::string& suite : order) {
    const json& cases = results[suite];
    if (!cases.is_object()) continue;
    SuiteCounts counts{suite};
    for (const auto& [name, c] : cases.items()) {
      std::string r = result_of(c);
      if (r == "pass") ++counts.pass;
      else if (r == "fail") ++counts.fail;
      else if (r == "skip") ++counts.skip;
      else ++counts.unknown;
      if (r == "fail") {
        FailedCase f{suite, name, &c};
        const json& l = field(c, "lines");
        if (l.is_array() && !l.empty()) {
          f.lines.first = line_number(l[0]);
          f.lines.second = l.size() > 1 ? line_number(l[1]) : f.lines.first;
        }
        out.failed.push_back(std::move(f));
      }
      const json& crashes = field(c, "crashes");
      if (crashes.is_array())
        for (const json& crash : crashes)
          if (crash.is_object()) out.crashes.push_back(&crash);
    }
    out.suites.push_back(std::move(counts));
  }
  return out;
}

html::ConsoleMarks marks_of(const Collected& c) {
  html::ConsoleMarks m;
  for (const json* crash : c.crashes) {
    size_t first = line_number(field(*crash, "first_line"));
    if (first) m.crashes.push_back({first, std::max(first, line_number(field(*crash, "last_line")))});
  }
  for (const auto& f : c.failed)
    if (f.lines.first) m.failed_cases.push_back(f.lines);
  return m;
}

// pass / fail / incomplete: krun's exit code when known (0, 1, 2), else
// what the results say.
std::string verdict(const json& metadata, const Collected& c) {
  const json& code = field(metadata, "exit_code");
  if (code.is_number_integer()) {
    int v = code.get<int>();
    return v == 0 ? "pass" : v == 1 ? "fail" : "incomplete";
  }
  if (!c.crashes.empty() || !c.failed.empty()) return "fail";
  for (const auto& s : c.suites)
    if (s.unknown) return "incomplete";
  return c.suites.empty() ? "incomplete" : "pass";
}

std::string seconds(double s) { return s < 60 ? fmt::format("{:.1f} s", s) : fmt::format("{}m{:02}s", int(s) / 60, int(s) % 60); }

std::string durations_text(const json& d) {
  if (!d.is_object()) return "";
  std::vector<std::string> keys = {"inputs", "rootfs", "ltp", "boot", "run", "total"};
  for (const auto& [k, v] : d.items())
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  std::string out;
  for (const auto& k : keys) {
    const json& v = field(d, k.c_str());
    if (!v.is_number()) continue;
    if (!out.empty()) out += " · ";
    out += fmt::format("{} {}", text(k), seconds(v.get<double>()));
  }
  return out;
}

void fact(std::string& out, const char* name, const std::string& value_html) {
  if (!value_html.empty()) out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", name, value_html);
}

std::string kernel_location(const json& metadata) {
  const json& artifacts = field(metadata, "artifacts");
  if (artifacts.is_array())
    for (const json& a : artifacts)
      if (display(field(a, "role")) == "kernel") return display(field(a, "location"));
  return "";
}

std::string exit_code_text(const json& code) {
  if (!code.is_number_integer()) return "";
  int v = code.get<int>();
  const char* meaning = v == 0 ? "all passed" : v == 1 ? "a test failed or the kernel crashed"
                        : v == 2 ? "incomplete or infrastructure problem" : "";
  return *meaning ? fmt::format("{} ({})", v, meaning) : std::to_string(v);
}

std::string header(const HtmlReportInput& in, const Collected& c, const html::ConsoleHtml* console,
                   const std::string& log_link) {
  const json& m = in.metadata;
  std::string v = verdict(m, c);
  std::string out = fmt::format("<h1>krun run{}<span class=\"badge {}\">{}</span></h1>\n<dl class=\"facts\">\n",
                                field(m, "device").is_string() ? " on " + text(display(field(m, "device"))) : "",
                                v, v == "pass" ? "PASS" : v == "fail" ? "FAIL" : "INCOMPLETE");
  fact(out, "device", text(display(field(m, "device"))));
  fact(out, "arch", text(display(field(m, "arch"))));
  fact(out, "kernel", text(kernel_location(m)));
  if (console && !console->linux_version.empty()) fact(out, "kernel version", text(console->linux_version));
  fact(out, "command line", text(display(field(m, "kernel_command_line"))));
  std::string ended = text(display(field(m, "end_reason")));
  std::string detail = text(display(field(m, "end_detail")));
  if (!detail.empty()) ended += ended.empty() ? detail : ": " + detail;
  fact(out, "ended", ended);
  fact(out, "exit code", exit_code_text(field(m, "exit_code")));
  fact(out, "durations", durations_text(field(m, "durations")));
  std::string log = log_link;
  if (console) log += fmt::format(" ({} lines, {})", console->lines, kc::human_size(console->bytes));
  fact(out, "console log", log);
  return out + "</dl>\n";
}

std::string suite_table(const Collected& c) {
  if (c.suites.empty()) return "<h2>Results</h2>\n<p class=\"note\">results.json holds no suites.</p>\n";
  std::string out =
      "<h2>Results</h2>\n<table>\n<tr><th>suite</th><th>pass</th><th>fail</th><th>skip</th><th>unknown</th></tr>\n";
  SuiteCounts total{"total"};
  auto row = [&](const SuiteCounts& s, const char* cls) {
    out += fmt::format("<tr{}><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td><td class=\"n\">{}</td>"
                       "<td class=\"n{}\">{}</td></tr>\n",
                       cls, text(s.name), s.pass, s.fail ? " bad" : "", s.fail, s.skip, s.unknown ? " warn" : "",
                       s.unknown);
  };
  for (const auto& s : c.suites) {
    row(s, "");
    total.pass += s.pass, total.fail += s.fail, total.skip += s.skip, total.unknown += s.unknown;
  }
  if (c.suites.size() > 1) row(total, " class=\"total\"");
  return out + "</table>\n";
}

std::string failed_table(const Collected& c) {
  if (c.failed.empty()) return "";
  std::string out = fmt::format("<h2 id=\"failures\">Failed cases ({})</h2>\n<table>\n"
                                "<tr><th>case</th><th>reason</th><th>console</th></tr>\n",
                                c.failed.size());
  for (const auto& f : c.failed) {
    std::string name = text(f.suite + "/" + f.name);
    std::string where;
    if (f.lines.first) {
      name = fmt::format("<a href=\"#L{}\">{}</a>", f.lines.first, name);
      where = f.lines.second > f.lines.first ? fmt::format("lines {}–{}", f.lines.first, f.lines.second)
                                              : fmt::format("line {}", f.lines.first);
    } else if (f.suite == "boot" && f.name == "kernel-messages" && !c.crashes.empty()) {
      name = fmt::format("<a href=\"#crashes\">{}</a>", name);
    }
    const json& d = *f.data;
    std::string reason = text(display(field(d, "reason")));
    if (f.suite == "boot" && f.name == "kernel-messages" && reason.empty())
      reason = fmt::format("{} crash{}", c.crashes.size(), c.crashes.size() == 1 ? "" : "es");
    if (field(d, "flaky").is_boolean() && field(d, "flaky").get<bool>())
      reason += fmt::format("{}flaky: failed {} of {} runs", reason.empty() ? "" : "; ", display(field(d, "fails")),
                            display(field(d, "runs")));
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", name, reason, where);
  }
  return out + "</table>\n";
}

// A crash's excerpt is bounded by the detector already; a hand-made
// results.json is not, so the page bounds it again.
constexpr size_t kMaxExcerptBytes = 64 * 1024;

std::string crash_list(const Collected& c) {
  if (c.crashes.empty()) return "";
  std::string out = fmt::format("<h2 id=\"crashes\">Crashes ({})</h2>\n", c.crashes.size());
  size_t i = 0;
  for (const json* crash : c.crashes) {
    const json& k = *crash;
    std::string title = text(display(field(k, "title")));
    if (title.empty()) title = "(no title)";
    size_t first = line_number(field(k, "first_line")), last = line_number(field(k, "last_line"));
    out += fmt::format("<div class=\"crash\" id=\"crash-{}\">\n<h3>{}</h3>\n", ++i,
                       first ? fmt::format("<a href=\"#L{}\">{}</a>", first, title) : title);
    std::vector<std::string> meta;
    for (const char* key : {"kind", "function"})
      if (!display(field(k, key)).empty()) meta.push_back(fmt::format("{} <b>{}</b>", key, text(display(field(k, key)))));
    if (first) meta.push_back(last > first ? fmt::format("lines {}–{}", first, last) : fmt::format("line {}", first));
    if (field(k, "panicked") == true) meta.push_back("ended in a panic");
    if (field(k, "truncated") == true) meta.push_back("the log ends inside the report");
    if (field(k, "seen_in_runs").is_number()) meta.push_back(fmt::format("seen in {} runs", display(field(k, "seen_in_runs"))));
    out += "<p class=\"meta\">" + fmt::format("{}", fmt::join(meta, " · ")) + "</p>\n";
    std::string excerpt = display(field(k, "excerpt"));
    if (!excerpt.empty()) {
      bool cut = excerpt.size() > kMaxExcerptBytes;
      if (cut) excerpt.resize(kMaxExcerptBytes);
      // The first crash is usually the one that matters; the rest fold.
      std::string pre;  // line by line: append_text shows a bare '\n' as a control picture
      kc::for_each_line(excerpt, [&](std::string_view line) {
        html::append_text(pre, line);
        pre += '\n';
      });
      out += fmt::format("<details{}><summary>report</summary><pre>{}{}</pre></details>\n", i == 1 ? " open" : "",
                         pre, cut ? "…" : "");
    }
    out += "</div>\n";
  }
  return out;
}

// Where the full log is, as a link: relative when it sits beside the page
// (an output folder moved or served over HTTP still works), else file://.
std::string log_link(const fs::path& log, const fs::path& page) {
  std::error_code ec;
  fs::path abs_log = fs::absolute(log, ec);
  fs::path abs_page = fs::absolute(page, ec);
  std::string href = abs_log.parent_path() == abs_page.parent_path()
                         ? text(abs_log.filename().string())
                         : text(html::file_url(abs_log.lexically_normal().string()));
  return fmt::format("<a href=\"{}\">{}</a>", href, text(log.string()));
}

}  // namespace

void write_html_report(const HtmlReportInput& in, const fs::path& out) {
  Collected c = collect(in.results);
  std::string link = in.console_log.empty() ? "" : log_link(in.console_log, out);

  std::optional<html::ConsoleHtml> console;
  std::string console_note;
  if (in.console_log.empty()) {
    console_note = "No console log was given.";
  } else if (std::ifstream log(in.console_log, std::ios::binary); !log) {
    console_note = fmt::format("The console log {} could not be read.", text(in.console_log.string()));
  } else {
    console = html::render_console(log, marks_of(c), "the full log is " + link);
    if (console->read_error) console_note = "Reading the console log failed part way; what was read is shown. ";
    if (console->shown_lines < console->lines)
      console_note += fmt::format(
          "Showing {} of {} lines: the first {}, the last {}, and up to {} lines of each crash and failed case "
          "(at most {} of text each). The full log is {}.",
          console->shown_lines, console->lines, html::kHeadLines, html::kTailLines, html::kMarkedLinesPerRange,
          kc::human_size(html::kHeadHtmlBytes), link);
    if (field(in.metadata, "console_log_capped_at").is_number())
      console_note += fmt::format(" krun stopped saving the console at {}; the parsers still read all of it.",
                                  kc::human_size(field(in.metadata, "console_log_capped_at").get<uint64_t>()));
  }

  const json& device = field(in.metadata, "device");
  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>krun {}{}</title>\n<style>{}</style>\n</head>\n<body>\n"
      "<!-- Written by krun --log-file-html. The console part is capped: the first {} and last {} lines, "
      "up to {} lines of each crash and failed case, lines cut at {} bytes. -->\n<main>\n",
      verdict(in.metadata, c), device.is_string() ? " · " + text(device.get<std::string>()) : "", kCss,
      html::kHeadLines, html::kTailLines, html::kMarkedLinesPerRange, html::kShownLineBytes);
  page += header(in, c, console ? &*console : nullptr, link);
  page += suite_table(c);
  page += failed_table(c);
  page += crash_list(c);
  page += "<h2 id=\"console\">Console log</h2>\n";
  if (!console_note.empty()) page += "<p class=\"note\">" + console_note + "</p>\n";
  if (console) {
    page += "<div class=\"log\">\n";
    page += console->rows;  // bounded by the caps of html_console.h, so this copy is too
    page += "</div>\n";
  }
  page += "</main>\n</body>\n</html>\n";
  kc::write_file_atomic(out, page);
}

}  // namespace krun
