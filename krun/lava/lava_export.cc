#include "krun/lava/lava_export.h"

#include "common/atomic_file.h"
#include "common/kcidb.h"
#include "common/sha256.h"

namespace krun::lava {

namespace fs = std::filesystem;

namespace {

bool is_remote(const std::string& location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

// A local file copied beside the job under `name`, referenced by URL.
LavaImage publish(const fs::path& file, const std::string& name, const fs::path& dir, const std::string& base,
                  const std::string& sha256) {
  fs::path dest = dir / name;
  std::error_code ec;
  if (!fs::equivalent(file, dest, ec)) fs::copy_file(file, dest, fs::copy_options::overwrite_existing);
  std::string url = base.empty() ? kc::kcidb::file_url(dest) : (base.ends_with("/") ? base : base + "/") + name;
  return {url, sha256.empty() ? kc::sha256_file(dest) : sha256};
}

}  // namespace

LavaExport export_lava_job(const LavaExportRequest& r) {
  const fs::path job = fs::absolute(r.job_file);
  const fs::path dir = job.parent_path();
  fs::create_directories(dir);
  const std::string stem = job.stem().string();
  LavaJobInput in = r.job;
  // An input given as a URL stays one; a local file is published beside the job.
  auto deployed = [&](const Artifact& a) {
    return is_remote(a.location) ? LavaImage{a.location, a.sha256}
                                 : publish(a.path, a.path.filename().string(), dir, r.url_base, a.sha256);
  };
  in.kernel = deployed(r.kernel);
  if (r.dtb) in.dtb = deployed(*r.dtb);
  if (r.bios) in.bios = deployed(*r.bios);
  in.rootfs = publish(r.rootfs, stem + "-rootfs" + (in.rootfs_format == "initrd" ? ".cpio.gz" : ".ext4"), dir,
                      r.url_base, "");
  LavaExport out;
  out.job = job;
  out.device = r.device_file.empty() ? dir / (stem + ".device.yaml") : fs::absolute(r.device_file);
  kc::write_file_atomic(out.job, lava_job_yaml(in));
  if (out.device.has_parent_path()) fs::create_directories(out.device.parent_path());
  kc::write_file_atomic(out.device, lava_device_yaml(in));
  return out;
}

}  // namespace krun::lava
