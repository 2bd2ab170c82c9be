#include "common/console.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace kc::console {

namespace {
std::atomic<Level> g_level{Level::Normal};
std::mutex g_mutex;
}  // namespace

void set_level(Level level) { g_level = level; }
Level level() { return g_level; }

void emit(char tag, std::string_view message) {
  Level current = g_level;
  if (tag == 'I' && current == Level::Quiet) return;
  if (tag == 'D' && current != Level::Debug) return;
  std::string line;
  line.reserve(message.size() + 4);
  line += tag;
  line += ": ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace kc::console
