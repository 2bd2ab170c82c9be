#include "common/scratch_folder.h"

#include <cstdlib>

#include "common/errors.h"

namespace kc {

ScratchFolder::ScratchFolder(const std::filesystem::path& parent, const std::string& prefix) {
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  std::string tmpl = (parent / (prefix + "-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data())) throw infra_error("cannot create a scratch folder under " + parent.string());
  path_ = tmpl;
}

ScratchFolder::~ScratchFolder() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace kc
