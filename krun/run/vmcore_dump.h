#pragma once
// --vmcore: the memory of a panicked guest, dumped through QMP. The guest is
// stopped first (so the dump is one instant), then qemu writes an ELF core
// (`dump-guest-memory`): with the guest's page tables walked (paging) where
// qemu can (x86), so the core's segments carry kernel virtual addresses and
// `gdb vmlinux vmcore` reads it as it is; elsewhere with physical addresses,
// which `crash vmlinux vmcore` reads. The file is written by qemu, so its
// path is given in qemu's view (a container path under --runtime podman)
// and checked in ours.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "krun/device/kconfig.h"

namespace krun {

// qemu's QMP socket in the run's work folder (which a qemu container sees
// too). Throws kc::Error(Usage) when the path is longer than a unix socket
// address holds, naming --cache-dir as the way out.
std::filesystem::path vmcore_qmp_socket(const std::filesystem::path& work_dir);

struct VmcoreRequest {
  std::filesystem::path qmp_socket;     // ours
  std::string file_for_qemu;            // where qemu writes it, in qemu's view
  std::filesystem::path file;           // the same file in ours
  std::chrono::seconds timeout{300};    // the dump of all guest memory
  bool paging = true;                   // ask qemu to walk the page tables (see paging_for)
};

// Whether to ask qemu for a dump with the guest's page tables walked, given
// the kernel's .config (empty when unknown): not for a KASAN kernel, whose
// shadow maps terabytes of virtual addresses onto one zero page, which qemu
// would list page by page (billions of mappings: the dump never ends). Such
// a dump has physical addresses, for crash. `why` says why not.
bool paging_for(const KconfigValues& config, std::string* why = nullptr);

struct VmcoreResult {
  bool written = false;
  bool paging = false;                  // the core has virtual addresses (gdb), not only physical ones
  uintmax_t bytes = 0;
  std::string error;                    // why there is no dump, empty when written
};

// True when a PT_LOAD segment of the ELF core has a virtual address other
// than its physical one: qemu walked the page tables, and gdb can read the
// kernel's variables and stacks. qemu asked for paging on a CPU it cannot
// walk writes physical addresses only, without an error. Throws
// kc::Error(Infra) for a file that is not an ELF core.
bool core_has_virtual_addresses(const std::filesystem::path& core);

// Never throws: a dump that fails leaves the run's verdict as it was.
VmcoreResult dump_guest_memory(const VmcoreRequest& request);

// Moves boot `run`'s dump from the work folder into the output folder
// (vmcore, or vmcore.<run> after the first boot), says where it is and how
// to open it (an I: line, or a W: line with why there is none) and returns
// its metadata.json record: {run, file, bytes, paging} or {run, error}.
nlohmann::json keep_vmcore(const VmcoreResult& result, const std::filesystem::path& dumped,
                           const std::filesystem::path& out_dir, int run, const std::filesystem::path& vmlinux);

}  // namespace krun
