#pragma once
// `kbuild matrix FILE [--format commands|json|github|gitlab] ...`: a CI build
// matrix file expanded into its jobs (kbuild/matrix/matrix.h), printed in the
// shape a CI system reads (kbuild/matrix/matrix_output.h).
#include <string>
#include <vector>

namespace kbuild::matrix {

// `args`: the words after `kbuild matrix`. 0 ok, 1 usage.
int matrix_main(const std::vector<std::string>& args);

}  // namespace kbuild::matrix
