#include "krun/rootfs/debian_mirror.h"

#include <unistd.h>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/process.h"
#include "common/sha256.h"
#include "krun/rootfs/debian_index.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

DebianMirror::DebianMirror(MirrorConfig config) : c_(std::move(config)) {
  while (!c_.url.empty() && c_.url.back() == '/') c_.url.pop_back();
}

std::string DebianMirror::describe() const { return c_.suite + "/" + c_.arch + " at " + c_.url; }

std::string DebianMirror::fetch_release() {
  return kc::fetch_text(c_.url + "/dists/" + c_.suite + "/InRelease", std::chrono::seconds(120));
}

std::string DebianMirror::verify_release(const std::string& signed_text) {
  const std::string url = c_.url + "/dists/" + c_.suite + "/InRelease";
  if (!fs::exists(c_.keyring))
    throw kc::infra_error("keyring " + c_.keyring.string() +
                          " is missing; install debian-archive-keyring (or set KRUN_DEBIAN_KEYRING)");
  fs::path dir = c_.cache_dir / "tmp";
  fs::create_directories(dir);
  std::string stem = "InRelease." + std::to_string(::getpid()) + "." + kc::sha256_hex(url).substr(0, 8);
  fs::path in = dir / stem, out = dir / (stem + ".verified");
  kc::write_file_atomic(in, signed_text);
  fs::remove(out);
  kc::ProcessOptions o;
  // --output keeps only what the signature covers: nothing outside it is parsed.
  o.argv = {"gpgv", "--keyring", c_.keyring.string(), "--output", out.string(), in.string()};
  o.timeout = std::chrono::seconds(60);
  kc::ProcessResult r = kc::run_process(o);
  std::string verified = r.ok() && fs::exists(out) ? kc::read_file(out) : "";
  std::error_code ec;
  fs::remove(in, ec);
  fs::remove(out, ec);
  if (r.spawn_failed) throw kc::infra_error("gpgv is not installed; install the gpgv package");
  if (!r.ok())
    throw kc::infra_error("the signature of " + url + " does not verify against " + c_.keyring.string() + ": " +
                          r.err.substr(0, r.err.find_last_not_of("\n") + 1));
  check_release_identity(verified, c_.suite, std::time(nullptr));
  return verified;
}

std::map<std::string, Package> DebianMirror::packages(const std::string& release_text) {
  const std::string rel = "main/binary-" + c_.arch + "/Packages.xz";
  auto hashes = parse_release_sha256(release_text);
  auto it = hashes.find(rel);
  if (it == hashes.end())
    throw kc::usage_error("architecture '" + c_.arch + "' is not in " + c_.suite + " at " + c_.url + " (no " + rel +
                          " in InRelease)");
  kc::DownloadOptions o;
  o.cache_dir = c_.cache_dir;
  o.expected_sha256 = it->second.sha256;
  fs::path file = kc::fetch_cached(c_.url + "/dists/" + c_.suite + "/" + rel, o);
  return parse_packages(kc::decompress_file(file));
}

fs::path DebianMirror::deb(const Package& p) {
  if (p.sha256.empty() || p.filename.empty())
    throw kc::infra_error("package " + p.name + " has no Filename/SHA256 in the index of " + describe());
  kc::DownloadOptions o;
  o.cache_dir = c_.cache_dir;
  o.expected_sha256 = p.sha256;
  return kc::fetch_cached(c_.url + "/" + p.filename, o);
}

}  // namespace krun::rootfs
