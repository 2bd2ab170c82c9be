#include "krun/console/console_parser.h"

#include <utility>

namespace krun {

ConsoleParser::ConsoleParser(DetectorLimits limits, size_t max_line_bytes)
    : detector_(limits),
      splitter_([this](size_t n, std::string_view line) { on_line(n, line); }, max_line_bytes) {}

void ConsoleParser::add_listener(LineListener listener) { listeners_.push_back(std::move(listener)); }

void ConsoleParser::on_line(size_t line_no, std::string_view line) {
  detector_.on_line(line_no, line);
  for (const LineListener& listener : listeners_) listener(line_no, line);
}

void ConsoleParser::feed(std::string_view bytes) { splitter_.feed(bytes); }

void ConsoleParser::feed(std::istream& in) {
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof buffer);
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    splitter_.feed(std::string_view(buffer, static_cast<size_t>(n)));
  }
}

void ConsoleParser::finish() {
  splitter_.finish();
  detector_.finish();
}

}  // namespace krun
