#pragma once
// Where a kbuild build sees its source tree and build folder inside the
// container: fixed paths, so that the same tree built from two folders gives
// the same bytes, and so that file names in a kernel's debug info start
// with them whatever the host folder was (the symbolizer strips them).
namespace kc {

inline constexpr const char* kGuestSource = "/kbuild/src";
inline constexpr const char* kGuestBuild = "/kbuild/build";

}  // namespace kc
