#include "kbuild/image/local_images.h"

#include "common/errors.h"
#include "common/text_lines.h"

namespace kbuild::image {

std::map<std::string, kc::LocalImage> list_kbuild_images() {
  // Names only, in the one listing format podman and docker share; each
  // kbuild image is then inspected for its recipe label.
  kc::ProcessOptions o;
  o.argv = {"images", "--format", "{{.Repository}}:{{.Tag}}"};
  auto r = kc::run_engine(o);
  if (!r.ok())
    throw kc::infra_error(kc::container_engine() + " images failed (" + r.describe() + "): " + r.err);
  std::map<std::string, kc::LocalImage> out;
  const std::string prefix = "localhost/kbuild/", suffix = ":latest";
  kc::for_each_line(r.out, [&](std::string_view line) {
    std::string name(line);
    if (name.rfind(prefix, 0) != 0 || name.size() <= prefix.size() + suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      return;
    if (auto img = kc::inspect_image(name))
      out[name.substr(std::string("localhost/").size(),
                      name.size() - suffix.size() - std::string("localhost/").size())] = *img;
  });
  return out;
}

}  // namespace kbuild::image
