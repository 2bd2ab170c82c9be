// kbuild: reproducible, containerized Linux kernel builds (see cli.h).
#include <string>
#include <vector>

#include "kbuild/cli.h"

int main(int argc, char** argv) {
  return kbuild::main_with_args(std::vector<std::string>(argv + 1, argv + argc));
}
