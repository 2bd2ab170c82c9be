#include "krun/rootfs/rootfs.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/console.h"
#include "common/data_dir.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/signals.h"
#include "common/json_file.h"
#include "common/process.h"
#include "common/sha256.h"
#include "krun/rootfs/debian_mirror.h"
#include "krun/rootfs/injection.h"
#include "krun/rootfs/recipe.h"
#include "krun/rootfs/tree_builder.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

namespace {

// Bump when the builder's output changes for the same packages.
constexpr const char* kBuilderVersion = "2";  // 2: segments 4-byte aligned



fs::path cache_root(const Request& req) {
  return (req.cache_dir.empty() ? kc::user_cache_dir("krun") : req.cache_dir) / "rootfs";
}

fs::path keyring_for(const Request& req) {
  if (!req.keyring.empty()) return req.keyring;
  if (const char* k = std::getenv("KRUN_DEBIAN_KEYRING"); k && *k) return k;
  return "/usr/share/keyrings/debian-archive-keyring.gpg";
}

std::string recipe_hash(const fs::path& data, const ArchRecipe& arch, const Flavor& flavor) {
  return kc::sha256_hex(std::string(kBuilderVersion) + arch.source + flavor.source +
                        kc::read_file(data / "init") + kc::read_file(data / "busybox-applets.txt") +
                        kc::read_file(data / "passwd") + kc::read_file(data / "group"))
      .substr(0, 16);
}

struct CachedBuild {
  fs::path path;
  std::string built_at;
  double age_hours = 0;
};

// The last build of this recipe (any package versions), if still present.
std::optional<CachedBuild> last_build(const fs::path& latest, const std::string& recipe) {
  if (!fs::exists(latest)) return std::nullopt;
  try {
    auto j = kc::read_json_file(latest);
    fs::path p = j.at("path").get<std::string>();
    if (j.value("recipe", "") != recipe || !fs::exists(p)) return std::nullopt;
    auto age = std::chrono::system_clock::now() - std::chrono::system_clock::from_time_t(j.value("built_at_epoch", 0L));
    return CachedBuild{p, j.value("built_at", ""), std::chrono::duration<double, std::ratio<3600>>(age).count()};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string now_text(time_t t) {
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return buf;
}

void concat(const std::vector<fs::path>& parts, const fs::path& out) {
  fs::path tmp = out.string() + ".part";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    for (const auto& p : parts) {
      // The kernel takes an uncompressed cpio segment only at a 4-byte
      // aligned offset and skips zero bytes between segments.
      while (o.tellp() % 4 != 0) o.put('\0');
      std::ifstream i(p, std::ios::binary);
      o << i.rdbuf();
    }
    if (!o) throw kc::infra_error("cannot write " + out.string());
  }
  fs::rename(tmp, out);
}

enum class Kind { Cpio, Ext4 };

// What a given rootfs file is; compressed ones are decompressed to `plain`
// only when that is needed to tell (or to use) them.
Kind detect(const fs::path& file, const fs::path& plain, bool* decompressed) {
  auto magic_of = [](const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    std::string head(2048, '\0');
    in.read(head.data(), 2048);
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
  };
  auto kind_of = [](const std::string& h) -> std::optional<Kind> {
    if (h.rfind("070701", 0) == 0 || h.rfind("070702", 0) == 0) return Kind::Cpio;
    if (h.size() >= 1082 && static_cast<unsigned char>(h[1080]) == 0x53 && static_cast<unsigned char>(h[1081]) == 0xEF)
      return Kind::Ext4;
    return std::nullopt;
  };
  *decompressed = false;
  if (auto k = kind_of(magic_of(file))) return *k;
  try {
    kc::decompress_to_file(file, plain);
  } catch (const kc::Error& e) {
    std::error_code ec;
    fs::remove(plain, ec);
    if (e.kind() == kc::ErrorKind::Usage) throw;  // past the unpacked-size cap: said as such
    throw kc::usage_error("--rootfs " + file.string() + " is neither a cpio archive nor an ext4 image (compressed or not)");
  }
  *decompressed = true;
  if (auto k = kind_of(magic_of(plain))) return *k;
  throw kc::usage_error("--rootfs " + file.string() + " is neither a cpio archive nor an ext4 image (compressed or not)");
}

// A given ext4 image is checked before anything boots it: a truncated or
// damaged one would otherwise end as "No working init found" and look like
// a kernel that does not boot (a wrong "bad" under --bisect).
void check_ext4(const fs::path& image) {
  // The superblock's size against the file's: e2fsck -n only asks whether to
  // abort on a short image, answers no, and may then pass it.
  std::ifstream in(image, std::ios::binary);
  unsigned char sb[1024] = {};
  in.seekg(1024);
  in.read(reinterpret_cast<char*>(sb), sizeof sb);
  auto u32 = [&](size_t at) { return uint64_t(sb[at]) | uint64_t(sb[at + 1]) << 8 | uint64_t(sb[at + 2]) << 16 | uint64_t(sb[at + 3]) << 24; };
  if (!in || sb[0x38] != 0x53 || sb[0x39] != 0xEF)
    throw kc::usage_error("--rootfs " + image.string() + " has no ext4 superblock; give a whole ext4 image");
  uint64_t blocks = u32(0x04);
  if (u32(0x60) & 0x80) blocks |= u32(0x150) << 32;  // INCOMPAT_64BIT: s_blocks_count_hi
  uint64_t block_size = uint64_t(1024) << std::min<uint64_t>(u32(0x18), 16);
  uint64_t have = fs::file_size(image);
  if (blocks * block_size > have)
    throw kc::usage_error("--rootfs " + image.string() + " is a truncated ext4 image (" + std::to_string(have) +
                          " bytes of " + std::to_string(blocks * block_size) + "); give the whole image");
  kc::ProcessOptions o;
  o.argv = {"e2fsck", "-n", "-f", image.string()};  // -n: read-only, answers no
  o.timeout = std::chrono::minutes(10);
  o.merge_stderr = true;
  auto r = kc::run_process(o);
  if (r.spawn_failed) throw kc::infra_error("e2fsck is not installed; install e2fsprogs");
  // 0 clean, 1/2 errors e2fsck could fix (it did not: -n); 4 and up: damaged.
  if (r.exit_code >= 4 || r.exit_code < 0) {
    std::string why = r.out.substr(0, 600);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw kc::usage_error("--rootfs " + image.string() + " is a damaged or truncated ext4 image (e2fsck exit " +
                          std::to_string(r.exit_code) + ": " + why + "); give a whole image");
  }
}

// ext4 image → folder, without root or loop devices (debugfs reads the
// image). debugfs takes one command line, so the destination is "." in the
// folder (a path with a space would split it), and it exits 0 whatever
// happened, so the result is checked.
void ext4_to_tree(const fs::path& image, const fs::path& tree) {
  fs::create_directories(tree);
  kc::ProcessOptions o;
  o.argv = {"debugfs", "-R", "rdump / .", image.string()};
  o.cwd = tree;
  o.timeout = std::chrono::minutes(10);
  auto r = kc::run_process(o);
  if (r.spawn_failed) throw kc::infra_error("debugfs is not installed; install e2fsprogs");
  if (!r.ok()) throw kc::infra_error("cannot read the ext4 image " + image.string() + ": " + r.err);
  if (fs::is_empty(tree))
    throw kc::usage_error("nothing could be read from the ext4 image " + image.string() + " (debugfs: " +
                          r.err.substr(0, 400) + "); give a whole image");
}

void unpack_all(const std::vector<fs::path>& archives, const fs::path& tree) {
  kc::ExtractOptions o;
  o.guest_root = true;
  for (const auto& a : archives) {
    kc::signals::stop_if_received("unpacking the rootfs");
    kc::extract_archive(a, tree, o);
  }
}

}  // namespace

fs::path default_initramfs(const Request& req, bool* from_cache) {
  if (from_cache) *from_cache = true;
  const fs::path data = rootfs_data_dir();
  ArchRecipe arch = load_arch(data, req.debian_arch);
  Flavor flavor = load_flavor(data, req.flavor);
  const std::string recipe = recipe_hash(data, arch, flavor);
  const fs::path root = cache_root(req);
  const std::string name = arch.debian_arch + "-" + flavor.name;
  const fs::path latest = root / "built" / (name + ".json");
  auto cached = last_build(latest, recipe);
  if (cached && !req.refresh && cached->age_hours < static_cast<double>(req.max_age.count())) {
    kc::console::info("rootfs: using the cached {} rootfs built {} ({})", name, cached->built_at, cached->path.string());
    return cached->path;
  }
  MirrorConfig mc{req.mirror.empty() ? "http://deb.debian.org/debian" : req.mirror, arch.suite, arch.debian_arch,
                  keyring_for(req), root / "downloads"};
  DebianMirror mirror(mc);
  std::string inrelease;
  try {
    inrelease = mirror.fetch_release();
  } catch (const kc::Error& e) {
    if (cached) {
      kc::console::warn("rootfs: the Debian mirror is unreachable ({}); using the cached {} rootfs built {}", e.what(),
                        name, cached->built_at);
      return cached->path;
    }
    throw kc::infra_error("cannot make the default " + name + " rootfs: " + e.what() +
                          "; no cached copy exists. Check the network or --mirror, or give --rootfs");
  }
  auto index = mirror.packages(mirror.verify_release(inrelease));
  auto packages = resolve_packages(index, flavor.packages, flavor.resolve_depends, mirror.describe());
  std::string versions;
  nlohmann::json manifest = nlohmann::json::object();
  for (const auto& p : packages) {
    versions += p.name + "=" + p.version + ":" + p.sha256 + "\n";
    manifest[p.name] = p.version;
  }
  const std::string key = kc::sha256_hex(recipe + versions).substr(0, 16);
  const fs::path dir = root / "built" / (name + "-" + key);
  const fs::path out = dir / "rootfs.cpio.gz";
  time_t now = std::time(nullptr);
  if (!fs::exists(out)) {
    if (from_cache) *from_cache = false;
    kc::console::info("rootfs: building the {} rootfs from {} ({} packages)", name, mirror.describe(), packages.size());
    std::vector<fs::path> debs;
    for (const auto& p : packages) {
      kc::signals::stop_if_received("downloading the rootfs packages");
      debs.push_back(mirror.deb(p));
    }
    fs::path tree = root / "tmp" / (name + "-" + key + "." + std::to_string(::getpid()));
    fs::remove_all(tree);
    try {
      build_tree(debs, tree, data);
      fs::create_directories(dir);
      fs::path tmp = dir / ("rootfs.cpio.gz.tmp." + std::to_string(::getpid()));
      write_initramfs(tree, tmp);
      fs::rename(tmp, out);
    } catch (...) {
      fs::remove_all(tree);
      throw;
    }
    fs::remove_all(tree);
    kc::write_json_atomic(dir / "packages.json", {{"arch", arch.debian_arch}, {"suite", arch.suite},
                                                  {"flavor", flavor.name}, {"mirror", mc.url}, {"packages", manifest}});
  }
  kc::write_json_atomic(latest, {{"recipe", recipe}, {"path", out.string()}, {"built_at", now_text(now)},
                                 {"built_at_epoch", static_cast<long>(now)}, {"packages", manifest}});
  return out;
}

Prepared prepare(const Request& req) {
  if (req.format != "initrd" && req.format != "ext4")
    throw kc::usage_error("unknown rootfs format '" + req.format + "' (use initrd or ext4)");
  if (req.work_dir.empty()) throw kc::infra_error("internal: rootfs::prepare needs a work_dir");
  fs::create_directories(req.work_dir);
  // Bad modules/overlays are user errors: find them before any download or build.
  Injection inj{req.modules, req.overlays, req.extra_files, cache_root(req) / "downloads", {}, req.modules_dir};
  check_injection(inj);

  fs::path base;
  Kind kind = Kind::Cpio;
  if (req.given.empty()) {
    base = default_initramfs(req);
  } else {
    kc::DownloadOptions d;
    d.cache_dir = cache_root(req) / "downloads";
    base = kc::fetch_cached(req.given, d);
    bool decompressed = false;
    fs::path plain = req.work_dir / "given-rootfs.plain";
    kind = detect(base, plain, &decompressed);
    if (kind == Kind::Ext4) check_ext4(decompressed ? plain : base);
    // A compressed initramfs stays compressed (the kernel unpacks it); an
    // ext4 image must be plain for QEMU.
    if (kind == Kind::Ext4 && decompressed) base = plain;
    else if (decompressed) fs::remove(plain);
  }

  // An initramfs gets the segments appended: they must not replace its
  // symlinked folders (merged /usr) with real ones.
  if (kind == Kind::Cpio) inj.base_symlinks = kc::archive_symlinks(base);
  std::vector<fs::path> segments = make_segments(inj, req.work_dir / "segments");

  if (kind == Kind::Cpio && req.format == "initrd") {
    fs::path out = req.work_dir / "rootfs.cpio.gz";
    std::vector<fs::path> parts{base};
    parts.insert(parts.end(), segments.begin(), segments.end());
    concat(parts, out);
    return {out, "initrd"};
  }
  if (kind == Kind::Ext4 && segments.empty()) {
    // Never hand the user's (or the cache's) file to QEMU: it writes to it.
    fs::path out = req.work_dir / "rootfs.ext4";
    if (base != out) fs::copy_file(base, out, fs::copy_options::overwrite_existing);
    return {out, "ext4"};
  }
  // Rebuild: unpack the base and the segments into a tree, pack it as asked
  // (an ext4 image given for an initrd device stays ext4 only if asked).
  fs::path tree = req.work_dir / "rootfs-tree";
  fs::remove_all(tree);
  if (kind == Kind::Ext4) ext4_to_tree(base, tree);
  else unpack_all({base}, tree);
  unpack_all(segments, tree);
  Prepared p;
  if (req.format == "ext4") {
    p = {req.work_dir / "rootfs.ext4", "ext4"};
    write_ext4(tree, p.path);
  } else {
    p = {req.work_dir / "rootfs.cpio.gz", "initrd"};
    write_initramfs(tree, p.path);
  }
  fs::remove_all(tree);
  return p;
}

}  // namespace krun::rootfs
