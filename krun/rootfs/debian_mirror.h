#pragma once
// A Debian mirror read through the chain of trust: InRelease is checked with
// gpgv against a keyring, Packages.xz against the SHA256 that InRelease
// lists, each .deb against the SHA256 in Packages. Nothing unverified is
// returned or cached (downloads go through kc::fetch_cached with a hash).
#include <filesystem>
#include <map>
#include <string>

#include "krun/rootfs/debian_index.h"

namespace krun::rootfs {

struct MirrorConfig {
  std::string url;                      // "http://deb.debian.org/debian"
  std::string suite;                    // "bookworm"
  std::string arch;                     // "amd64"
  std::filesystem::path keyring;        // gpgv keyring
  std::filesystem::path cache_dir;      // downloads (content-addressed by hash)
};

class DebianMirror {
 public:
  explicit DebianMirror(MirrorConfig config);
  // dists/<suite>/InRelease as served (throws when the mirror is unreachable).
  std::string fetch_release();
  // The signed part of `inrelease` once gpgv accepted it; throws otherwise.
  std::string verify_release(const std::string& inrelease);
  // main/binary-<arch>/Packages.xz, checked against `release_text`.
  std::map<std::string, Package> packages(const std::string& release_text);
  // The .deb of `p`, checked against its SHA256.
  std::filesystem::path deb(const Package& p);
  std::string describe() const;         // "bookworm/amd64 at http://..."

 private:
  MirrorConfig c_;
};


}  // namespace krun::rootfs
