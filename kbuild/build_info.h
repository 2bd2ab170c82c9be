#pragma once
// The metadata sections that describe where and with what a build ran:
// compiler, git, source, runtime, hardware, os, tools, uname, vmlinux sizes.
// Collection never fails a build: what cannot be found is left out.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "common/container_runtime.h"
#include "kbuild/make_command.h"

namespace kbuild {

// Seconds since the epoch of the source tree's last commit, or nullopt
// without git (or when it is not a git tree).
std::optional<long long> last_commit_epoch(const std::filesystem::path& source_dir);

// git section (commit, describe, subject) of the host source tree; {} without git.
nlohmann::json git_info(const std::filesystem::path& source_dir);

// hardware (cpus, ram, free disk) and uname of the host.
nlohmann::json hardware_info(const std::filesystem::path& build_dir);
nlohmann::json uname_info();

// Sections found by running commands where the build runs.
nlohmann::json compiler_info(kc::ContainerRuntime& rt, const MakeContext& ctx);
nlohmann::json os_info(kc::ContainerRuntime& rt);
nlohmann::json tools_info(kc::ContainerRuntime& rt, const MakeContext& ctx);
// vmlinux text/data/bss from `size`; {} when there is no vmlinux.
nlohmann::json vmlinux_info(kc::ContainerRuntime& rt, const MakeContext& ctx, const std::filesystem::path& host_build_dir);

// "text data bss dec hex filename" output of size(1) → {text, data, bss}.
nlohmann::json parse_size_output(const std::string& out);

}  // namespace kbuild
