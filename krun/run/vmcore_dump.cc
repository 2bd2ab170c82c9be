#include "krun/run/vmcore_dump.h"

#include <sys/un.h>

#include <elf.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "common/console.h"
#include "common/errors.h"
#include "common/size_caps.h"
#include "krun/qemu/qmp_client.h"

namespace krun {

std::filesystem::path vmcore_qmp_socket(const std::filesystem::path& work_dir) {
  std::filesystem::path socket = std::filesystem::absolute(work_dir) / "qmp.sock";
  constexpr size_t kMax = sizeof(sockaddr_un{}.sun_path) - 1;
  if (socket.string().size() > kMax)
    throw kc::usage_error(fmt::format("--vmcore: qemu's QMP socket {} would be longer than a unix socket allows "
                                      "({} bytes); pass a shorter --cache-dir",
                                      socket.string(), kMax));
  return socket;
}

namespace {

// A field of the core's byte order read from raw bytes.
template <typename T>
T field(const char* at, bool big_endian) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, at, sizeof bytes);
  if (big_endian != (std::endian::native == std::endian::big)) std::reverse(bytes, bytes + sizeof bytes);
  T v;
  std::memcpy(&v, bytes, sizeof v);
  return v;
}

template <typename Ehdr, typename Phdr>
bool any_virtual_load(std::ifstream& in, const char* ident_and_header, bool big, const std::filesystem::path& core) {
  const char* h = ident_and_header;
  auto phoff = field<decltype(Ehdr::e_phoff)>(h + offsetof(Ehdr, e_phoff), big);
  auto phnum = field<decltype(Ehdr::e_phnum)>(h + offsetof(Ehdr, e_phnum), big);
  auto phentsize = field<decltype(Ehdr::e_phentsize)>(h + offsetof(Ehdr, e_phentsize), big);
  if (phentsize < sizeof(Phdr))
    throw kc::infra_error(fmt::format("{}: ELF program headers of {} bytes", core.string(), phentsize));
  for (unsigned i = 0; i < phnum; ++i) {
    char p[sizeof(Phdr)];
    in.seekg(static_cast<std::streamoff>(phoff + uint64_t(i) * phentsize));
    if (!in.read(p, sizeof p)) throw kc::infra_error(fmt::format("{}: truncated ELF program headers", core.string()));
    if (field<uint32_t>(p + offsetof(Phdr, p_type), big) != PT_LOAD) continue;
    if (field<decltype(Phdr::p_vaddr)>(p + offsetof(Phdr, p_vaddr), big) !=
        field<decltype(Phdr::p_paddr)>(p + offsetof(Phdr, p_paddr), big))
      return true;
  }
  return false;
}

}  // namespace

bool core_has_virtual_addresses(const std::filesystem::path& core) {
  std::ifstream in(core, std::ios::binary);
  char h[sizeof(Elf64_Ehdr)] = {};
  in.read(h, sizeof h);
  if (in.gcount() < static_cast<std::streamsize>(sizeof(Elf32_Ehdr)) || std::memcmp(h, ELFMAG, SELFMAG) != 0)
    throw kc::infra_error(fmt::format("{} is not an ELF file", core.string()));
  const bool big = h[EI_DATA] == ELFDATA2MSB;
  if (h[EI_CLASS] == ELFCLASS64) return any_virtual_load<Elf64_Ehdr, Elf64_Phdr>(in, h, big, core);
  if (h[EI_CLASS] == ELFCLASS32) return any_virtual_load<Elf32_Ehdr, Elf32_Phdr>(in, h, big, core);
  throw kc::infra_error(fmt::format("{}: unknown ELF class {}", core.string(), int(h[EI_CLASS])));
}

bool paging_for(const KconfigValues& config, std::string* why) {
  auto kasan = config.find("CONFIG_KASAN");
  if (kasan == config.end() || kasan->second != "y") return true;
  if (why) *why = "the kernel has KASAN, whose shadow memory qemu cannot walk page by page";
  return false;
}

VmcoreResult dump_guest_memory(const VmcoreRequest& request) {
  VmcoreResult result;
  try {
    QmpClient qmp(request.qmp_socket, std::chrono::seconds(5));
    qmp.execute("stop");
    auto dump = [&](bool paging) {
      qmp.execute("dump-guest-memory",
                  {{"paging", paging}, {"protocol", "file:" + request.file_for_qemu}, {"format", "elf"}},
                  request.timeout);
    };
    try {
      dump(request.paging);
    } catch (const kc::Error&) {
      if (!request.paging) throw;
      // Only x86 has qemu walk the guest's page tables ("Obtaining memory
      // mappings is unsupported on this CPU"): physical addresses, then.
      std::error_code ec;
      std::filesystem::remove(request.file, ec);
      dump(false);
    }
    std::error_code ec;
    result.bytes = std::filesystem::file_size(request.file, ec);
    if (ec || result.bytes == 0) {
      result.error = "qemu reported the dump written but " + request.file.string() + " is missing or empty";
      return result;
    }
    result.paging = core_has_virtual_addresses(request.file);
    result.written = true;
  } catch (const kc::Error& e) {
    result.error = e.what();
  }
  return result;
}

nlohmann::json keep_vmcore(const VmcoreResult& result, const std::filesystem::path& dumped,
                           const std::filesystem::path& out_dir, int run, const std::filesystem::path& vmlinux) {
  if (!result.written) {
    kc::console::warn("--vmcore: no dump of the panicked guest: {}", result.error);
    return {{"run", run}, {"error", result.error}};
  }
  std::filesystem::path kept = out_dir / (run == 1 ? std::string("vmcore") : fmt::format("vmcore.{}", run));
  std::error_code ec;
  std::filesystem::rename(dumped, kept, ec);
  if (ec) {
    std::string error = fmt::format("cannot move {} to {}: {}", dumped.string(), kept.string(), ec.message());
    kc::console::warn("--vmcore: {}", error);
    return {{"run", run}, {"error", error}};
  }
  // gdb needs the core's virtual addresses; crash reads physical ones.
  std::string open_with = result.paging ? "gdb" : "crash";
  std::string symbols = vmlinux.empty() ? "VMLINUX" : vmlinux.string();
  if (vmlinux.has_extension() && vmlinux.extension() != ".debug") symbols += " (decompressed)";
  kc::console::info("guest memory at the panic: {} ({}); open it with {} {} {}", kept.string(),
                    kc::human_size(result.bytes), open_with, symbols, kept.string());
  return {{"run", run}, {"file", kept.string()}, {"bytes", result.bytes}, {"format", "elf"},
          {"paging", result.paging}};
}

}  // namespace krun
