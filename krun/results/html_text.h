#pragma once
// Text for an HTML page from bytes that are not always text: a console line
// or a crash title is whatever the guest printed, so before it is escaped
// for HTML its ANSI escape sequences (colours, cursor moves) are dropped,
// bytes that are not valid UTF-8 become U+FFFD and other control bytes
// become their visible Unicode "control pictures" (NUL -> U+2400), so the
// page is always valid UTF-8 and shows where odd bytes were.
#include <string>
#include <string_view>

namespace krun::html {

// Appends `bytes` to `out` as safe HTML text (also safe inside a quoted
// attribute value: quotes are escaped too). Linear in `bytes`, no regex.
void append_text(std::string& out, std::string_view bytes);

inline std::string text(std::string_view bytes) {
  std::string out;
  append_text(out, bytes);
  return out;
}

// `path` as a file:// URL (percent-encoded), for a link to a file on disk.
std::string file_url(std::string_view absolute_path);

}  // namespace krun::html
