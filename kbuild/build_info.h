#pragma once
// The metadata sections that describe where and with what a build ran:
// compiler, git, source, runtime, hardware, os, tools, uname, vmlinux sizes.
// Collection never fails a build: what cannot be found is left out.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/container_runtime.h"
#include "kbuild/make_command.h"

namespace kbuild {

// Seconds since the epoch of the source tree's last commit, or nullopt
// without git (or when it is not a git tree).
std::optional<long long> last_commit_epoch(const std::filesystem::path& source_dir);

// TuxMake's git section (git_commit, git_describe, git_branch, git_url) and
// git_subject, of the host source tree; {} without git.
nlohmann::json git_info(const std::filesystem::path& source_dir);

// hardware (cores, ram, free disk) and uname of the host, with TuxMake's keys.
nlohmann::json hardware_info(const std::filesystem::path& build_dir);
nlohmann::json uname_info();

// Sections found by running commands where the build runs.
nlohmann::json compiler_info(kc::ContainerRuntime& rt, const MakeContext& ctx);
nlohmann::json os_info(kc::ContainerRuntime& rt);
nlohmann::json tools_info(kc::ContainerRuntime& rt, const MakeContext& ctx);
// vmlinux text_size/data_size/bss_size from `size` and its file_size; {}
// when there is no vmlinux.
nlohmann::json vmlinux_info(kc::ContainerRuntime& rt, const MakeContext& ctx, const std::filesystem::path& host_build_dir);

// TuxMake's source section: `make -s kernelversion` and `make -s
// kernelrelease` where the build ran, and the host folder of the tree.
nlohmann::json source_info(kc::ContainerRuntime& rt, const MakeContext& ctx, const std::string& host_source_dir);

// "text data bss dec hex filename" output of size(1) → {text_size, data_size, bss_size}.
nlohmann::json parse_size_output(const std::string& out);

// system_map.text_offset: the address of _text in System.map, "0x..."; nullopt without one.
std::optional<std::string> text_offset(const std::string& system_map);

// TuxMake's artifacts section for a tarball: the files (not folders) under
// its staging folder, relative and sorted, as `tar taf` names them.
std::vector<std::string> files_under(const std::filesystem::path& dir);

// resources.disk_space: the build folder's allocated size in MB, rounded up, each file once (as du -sm).
long long disk_usage_mb(const std::filesystem::path& dir);

}  // namespace kbuild
