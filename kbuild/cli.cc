#include "kbuild/cli.h"

#include <filesystem>
#include <iostream>
#include <new>

#include "common/console.h"
#include "common/container_images.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "kbuild/builder.h"
#include "kbuild/catalog.h"
#include "kbuild/image/image.h"
#include "kbuild/matrix/matrix_cli.h"
#include "kbuild/options.h"

namespace kbuild {

namespace {

int exit_code_for(const kc::Error& e, bool bisect) {
  switch (e.kind()) {
    case kc::ErrorKind::Usage:
      // A usage error says nothing about the commit: stop `git bisect run`.
      return bisect ? 128 : kExitUsage;
    case kc::ErrorKind::Failure:
      return bisect ? 125 : kExitFailed;
    case kc::ErrorKind::Infrastructure:
    case kc::ErrorKind::Incomplete:
      return bisect ? 125 : kExitInfrastructure;
  }
  return kExitInfrastructure;
}

void print_list(const std::vector<std::string>& items) {
  for (const auto& i : items) std::cout << i << "\n";
}

int informational(const Options& o) {
  Catalog c = Catalog::load(kc::data_dir("kbuild", "KBUILD_DATA_DIR"));
  if (o.list_architectures) {
    print_list(c.arch_names());
    // Standard output stays one buildable name per line, for scripts.
    for (const auto& [name, why] : c.unbuildable_arches()) kc::console::info("{}: not buildable: {}", name, why);
  }
  if (o.list_toolchains) print_list(c.toolchain_names());
  if (o.list_runtimes) print_list({"null", "podman", "docker"});
  if (o.list_targets) {
    for (const auto& n : c.target_names()) std::cout << n << "\t" << c.target(n).description << "\n";
    std::cout << "make:<target>\tany make target, passed through\n";
  }
  if (o.print_support_matrix) image::print_support_matrix(std::cout);
  if (o.check_environment) {
    std::string arch = o.target_arch.empty() ? host_arch_name() : c.arch(o.target_arch).name;
    c.toolchain(o.toolchain);
    return image::check_environment({arch, o.toolchain, o.image_registry, false});
  }
  return kExitOk;
}

}  // namespace

namespace {

int dispatch(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "image") return image::main(std::vector<std::string>(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "matrix")
    return matrix::matrix_main(std::vector<std::string>(args.begin() + 1, args.end()));
  ParseOutcome parsed = parse_options(args, kc::user_config_dir("kbuild"));
  if (parsed.exit_now) {
    std::cout << parsed.help_text;
    return kExitOk;
  }
  Options& o = parsed.options;
  if (o.debug) kc::console::set_level(kc::console::Level::Debug);
  else if (o.verbose) kc::console::set_level(kc::console::Level::Verbose);
  else if (o.quiet) kc::console::set_level(kc::console::Level::Quiet);
  if (o.show_version) {
    std::cout << "kbuild " << KPROJECT_VERSION << "\n";
    return kExitOk;
  }
  // Every image operation of the run (--check-environment, -p, the build's
  // own image) speaks to the engine -r names.
  if (kc::is_container_engine(o.runtime)) kc::select_container_engine(o.runtime);
  if (o.list_architectures || o.list_toolchains || o.list_runtimes || o.list_targets || o.print_support_matrix ||
      o.check_environment)
    return informational(o);
  return run_build(std::move(o));
}

}  // namespace

int main_with_args(const std::vector<std::string>& args) {
  bool subcommand = !args.empty() && (args[0] == "image" || args[0] == "matrix");
  bool bisect = false;
  for (const auto& a : args)
    if (a == "--bisect" && !subcommand) bisect = true;
  // Every exception ends here, so that the stack unwinds (containers are
  // removed, temporary folders deleted) and the exit code is the documented one.
  try {
    return dispatch(args);
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return exit_code_for(e, bisect);
  } catch (const std::filesystem::filesystem_error& e) {
    kc::console::error("{}", e.what());
    return bisect ? 125 : kExitInfrastructure;
  } catch (const std::bad_alloc&) {
    kc::console::error("out of memory: an input (a -K fragment, a make variable) too large for this machine's "
                       "memory limit; make it smaller or raise the limit");
    return bisect ? 125 : kExitInfrastructure;
  } catch (const std::exception& e) {
    kc::console::error("internal error: {}", e.what());
    return bisect ? 125 : kExitInfrastructure;
  }
}

}  // namespace kbuild
