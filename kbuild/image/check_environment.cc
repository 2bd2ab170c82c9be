// `kbuild --check-environment`: proves, inside the image, that a kernel build
// has what it needs: the compiler for the arch at the recipe's version, able
// to build a freestanding object (no libc), and every required tool.
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/console.h"
#include "common/container_runtime.h"
#include "common/errors.h"
#include "common/host_machine.h"
#include "common/container_images.h"
#include "kbuild/image/image.h"
#include "kbuild/image/recipe.h"

namespace kbuild::image {
namespace {

// Runs in the image as `sh -c SCRIPT check EXPECTED CC FLAGS TOOL...`; the
// script is constant and every name arrives as an argument. It prints
// "OK ..." or "MISSING ..." lines and exits 1 when something is missing.
constexpr const char* kScript = R"sh(
expected=$1; cc=$2; flags=$3; shift 3
status=0
for tool in "$cc" "$@"; do
  if command -v "$tool" >/dev/null 2>&1; then echo "OK tool $tool"; else echo "MISSING tool $tool"; status=1; fi
done
if command -v "$cc" >/dev/null 2>&1; then
  version=$("$cc" $flags -dumpversion 2>/dev/null)
  case "$version" in
    "$expected"|"$expected".*) echo "OK version $cc $version" ;;
    *) echo "MISSING version: $cc reports '$version', expected $expected"; status=1 ;;
  esac
  printf 'int kbuild_check(int x) { return x * 2; }\n' > /tmp/kbuild-check.c
  if "$cc" $flags -ffreestanding -nostdlib -O2 -c /tmp/kbuild-check.c -o /tmp/kbuild-check.o 2>/tmp/kbuild-check.err; then
    echo "OK compile $cc $flags -ffreestanding -c"
  else
    echo "MISSING compile: $cc cannot build a freestanding object: $(head -c 300 /tmp/kbuild-check.err | tr '\n' ' ')"
    status=1
  fi
fi
exit $status
)sh";

}  // namespace

int check_environment(const Request& req) {
  std::string ref = ensure(req);
  RecipeSet set = load_recipes(recipes_dir());
  ImageRecipe recipe = resolve_recipe(set, req.arch, req.toolchain, kc::host_machine());

  std::vector<std::string> args{"run", "--rm", "--network=none"};
  for (const auto& a : kc::podman_ulimit_args()) args.push_back(a);
  std::vector<std::string> flags(recipe.cc.begin() + 1, recipe.cc.end());
  for (const auto& a : {ref, std::string("sh"), std::string("-c"), std::string(kScript),
                        std::string("check"), recipe.version, recipe.cc.front(),
                        fmt::format("{}", fmt::join(flags, " "))})
    args.push_back(a);
  for (const auto& t : recipe.tools) args.push_back(t);

  kc::ProcessOptions o;
  o.argv = args;
  auto r = kc::run_engine(o, std::chrono::seconds(300));
  if (r.interrupted) throw kc::Error(kc::ErrorKind::Incomplete, "check-environment interrupted");
  std::vector<std::string> missing;
  std::istringstream lines(r.out);
  size_t ok_count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("MISSING ", 0) == 0) missing.push_back(line.substr(8));
    if (line.rfind("OK ", 0) == 0) {
      ok_count++;
      kc::console::debug("{}", line.substr(3));
    }
  }
  if (r.exit_code == 0 && missing.empty() && ok_count > 0) {
    kc::console::info("environment OK in {}: {} {} (arch {}), {} tools present", ref,
                      recipe.cc.front(), recipe.version, req.arch, recipe.tools.size());
    return 0;
  }
  if (missing.empty())
    throw kc::infra_error(fmt::format("could not run the environment check in {} ({}): {}", ref,
                                      r.describe(), r.err));
  kc::console::error("environment check failed in {}: {} problem(s):", ref, missing.size());
  for (const auto& m : missing) kc::console::error("  missing {}", m);
  return 3;
}

}  // namespace kbuild::image
