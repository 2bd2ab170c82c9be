#pragma once
// Console conventions shared by both tools: progress and `I:`/`W:`/`E:` lines
// go to stderr, build/guest output goes to stdout. The level is global because
// it is set once from the command line and read everywhere.
#include <fmt/format.h>

#include <string_view>

namespace kc::console {

enum class Level { Quiet = 0, Normal = 1, Verbose = 2, Debug = 3 };

void set_level(Level level);
Level level();

// Writes "<tag>: <message>\n" to stderr (I: is dropped in quiet mode,
// D: only shown in debug mode). Thread-safe.
void emit(char tag, std::string_view message);

template <typename... T>
void info(fmt::format_string<T...> f, T&&... a) { emit('I', fmt::format(f, std::forward<T>(a)...)); }
template <typename... T>
void warn(fmt::format_string<T...> f, T&&... a) { emit('W', fmt::format(f, std::forward<T>(a)...)); }
template <typename... T>
void error(fmt::format_string<T...> f, T&&... a) { emit('E', fmt::format(f, std::forward<T>(a)...)); }
template <typename... T>
void debug(fmt::format_string<T...> f, T&&... a) { emit('D', fmt::format(f, std::forward<T>(a)...)); }

// True when stderr is a terminal (live progress lines are only drawn there).
bool stderr_is_terminal();

}  // namespace kc::console
