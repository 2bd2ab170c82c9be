#pragma once
// How the .config is made from -k and -K (TuxMake semantics), decided before
// anything runs: the base (a *config make target, or a file/in-tree path/URL
// copied in), then each -K in order (make targets run as they come,
// consecutive fragments merged with the kernel's merge_config.sh), then
// olddefconfig. Every symbol a fragment asks for is remembered so the final
// .config can be checked (see kconfig_check.h).
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kbuild {

struct KconfigStep {
  enum class Kind { MakeTarget, CopyBase, Merge, Olddefconfig };
  Kind kind;
  std::string make_target;                  // MakeTarget
  std::string content;                      // CopyBase: the whole base .config
  std::vector<std::string> fragment_names;  // Merge: files in the fragment folder
  std::string origin;                       // what the user wrote, for messages
};

struct KconfigFragment {
  std::string name;     // "001.config": written into the build dir's fragment folder
  std::string content;
  std::string origin;
};

// One symbol the user asked for; value "n" means "is not set".
struct RequestedSymbol {
  std::string symbol;   // CONFIG_FOO
  std::string value;    // y, m, n, a number or a quoted string
  std::string origin;   // the -K that asked for it
};

struct KconfigPlan {
  std::vector<KconfigStep> steps;
  std::vector<KconfigFragment> fragments;
  std::vector<RequestedSymbol> requested;   // last request per symbol wins
};

struct KconfigInputs {
  std::filesystem::path source_dir;          // the kernel tree (in-tree paths, name.config lookup)
  std::filesystem::path cwd;                 // relative host paths are resolved here
  std::string srcarch;                       // for arch/<srcarch>/configs/name.config
  // The project's named fragments (`-K NAME` reads NAME.config here): the
  // device fragments and the ones test suites and debug kernels need.
  std::filesystem::path named_fragments_dir;
  // Downloads a URL (kc::fetch_text in production); throws kc::Error.
  std::function<std::string(const std::string& url)> fetch;
};

// Throws kc::Error(Usage) for a missing file or an invalid -K line, and
// passes on the fetcher's error (Infrastructure) for an unreachable URL.
KconfigPlan plan_kconfig(const std::string& kconfig, const std::vector<std::string>& kconfig_add,
                         const KconfigInputs& inputs);

// CONFIG_X=v and "# CONFIG_X is not set" lines of a .config or fragment
// ("n" for not set); other lines are ignored.
std::map<std::string, std::string> parse_config_symbols(const std::string& text);

// True for a line kbuild accepts as an inline -K: CONFIG_X=value or
// "# CONFIG_X is not set".
bool is_inline_config_line(const std::string& s);

}  // namespace kbuild
