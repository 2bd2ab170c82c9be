#pragma once
// Writes that never leave a half-written file behind: write to a temporary
// file in the same directory, fsync, rename over the target.
#include <filesystem>
#include <string_view>

namespace kc {

void write_file_atomic(const std::filesystem::path& path, std::string_view content);
std::string read_file(const std::filesystem::path& path);  // throws kc::Error naming the path
// A copy of `from` (streamed: a console log or a kernel image can be large)
// that replaces `to` only once it is whole: on a full disk `to` keeps its old
// content. Throws Error(Infrastructure) naming the file.
void copy_file_atomic(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace kc
