#pragma once
// `krun [options] [-- command...]`: the whole run pipeline (resolve inputs →
// device → rootfs → qemu → console → results → hooks). Returns the exit code.
#include <string>
#include <vector>

namespace krun {

int run_main(const std::vector<std::string>& args);

}  // namespace krun
