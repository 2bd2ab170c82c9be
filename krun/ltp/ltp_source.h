#pragma once
// Where the LTP krun builds comes from: the pinned release (ltp/release.yaml,
// downloaded into the cache and verified before use), or what
// `--parameters LTP_SOURCE=` names: a source tarball (path or URL) or an
// unpacked tree (a git checkout, which has no configure yet). A source has
// an identity (the tarball's SHA-256, or a hash over the tree's files) that
// keys the cache of builds made from it.
#include <filesystem>
#include <string>

#include "krun/ltp/ltp_release.h"

namespace krun::ltp {

struct LtpSource {
  std::string description;         // for messages: "LTP release 20260529 (URL)", "LTP source PATH"
  std::string identity;            // sha256 hex
  std::filesystem::path tarball;   // set for an archive (downloaded or given)
  std::filesystem::path tree;      // set for an unpacked tree
};

// `location` empty: the pinned release. A tarball named like the release's
// (ltp-20260529.tar.xz) is verified against the release's SHA-256 wherever
// it comes from. Throws kc::Error: Infrastructure for a failed download or a
// SHA-256 that does not match, Usage for a path that does not exist.
LtpSource resolve_ltp_source(const std::string& location, const LtpRelease& release,
                             const std::filesystem::path& download_cache);

// Unpacks the tarball (or copies the tree, without .git) into `dest` and
// returns the folder that holds LTP's top Makefile and configure.ac. Throws
// kc::Error(Usage) naming the source when it cannot be unpacked or is not an
// LTP source.
std::filesystem::path unpack_ltp_source(const LtpSource& source, const std::filesystem::path& dest);

// The VERSION file of an unpacked source ("20260529"), or "unknown".
std::string source_version(const std::filesystem::path& source_root);

}  // namespace krun::ltp
