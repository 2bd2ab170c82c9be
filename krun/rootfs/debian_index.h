#pragma once
// Debian archive indexes as plain data: the SHA256 list of a Release file and
// the stanzas of a Packages file, plus resolving a package list (optionally
// with Depends/Pre-Depends) against one Packages index.
#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace krun::rootfs {

struct IndexFile { std::string sha256; uint64_t size = 0; };
// "main/binary-amd64/Packages.xz" → hash; from the "SHA256:" field of a
// (In)Release text. Throws Error(Infrastructure) when there is none.
std::map<std::string, IndexFile> parse_release_sha256(const std::string& release_text);

// A correctly signed Release can still be the wrong one: another suite's
// (bullseye's served as bookworm, a downgrade a man in the middle on a plain
// http mirror can do) or an expired one replayed. Throws
// Error(Infrastructure) unless `suite` is the file's Suite or Codename and
// its Valid-Until (when it has one) is after `now`; its Date must not be
// more than a day ahead of `now`.
void check_release_identity(const std::string& release_text, const std::string& suite, std::time_t now);

struct Package {
  std::string name, version, architecture, filename, sha256;
  uint64_t size = 0;
  std::vector<std::vector<std::string>> depends;  // Pre-Depends + Depends; alternatives, names only
  std::vector<std::string> provides;
};
std::map<std::string, Package> parse_packages(const std::string& packages_text);

// `wanted` and, when `with_depends`, everything they need (first available
// alternative; virtual names through Provides). Sorted by name. Throws
// Error(Usage) naming a package that is not in the index.
std::vector<Package> resolve_packages(const std::map<std::string, Package>& index,
                                      const std::vector<std::string>& wanted, bool with_depends,
                                      const std::string& where);

}  // namespace krun::rootfs
