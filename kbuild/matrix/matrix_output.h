#pragma once
// Printing an expanded matrix for CI systems (`kbuild matrix FILE --format`):
//   commands: one shell line per job (`kbuild ... && krun ...`)
//   json:     an array of job objects (argv arrays and quoted commands)
//   github:   {"include": [...]} on one line, for `strategy.matrix: ${{ fromJSON(...) }}`
//   gitlab:   a child-pipeline YAML with one job per entry (trigger:include:artifact)
#include <ostream>
#include <string>
#include <vector>

#include "kbuild/matrix/matrix.h"

namespace kbuild::matrix {

struct GitlabOptions {
  std::string extends;  // job template every generated job extends (e.g. .kbuild)
  std::string include;  // local file holding that template, included by the child pipeline
  std::string stage;    // empty: GitLab's default stage
};

// `program` and its arguments as one shell line (kc::shell_quote each).
std::string shell_command(const std::string& program, const std::vector<std::string>& args);

void print_commands(std::ostream& out, const std::vector<Job>& jobs);
void print_json(std::ostream& out, const std::vector<Job>& jobs);
void print_github(std::ostream& out, const std::vector<Job>& jobs);
void print_gitlab(std::ostream& out, const std::vector<Job>& jobs, const GitlabOptions& options);

}  // namespace kbuild::matrix
