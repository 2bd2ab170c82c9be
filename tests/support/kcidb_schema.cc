#include "tests/support/kcidb_schema.h"

#include "common/process.h"
#include "tests/support/test_env.h"

namespace testenv {

std::filesystem::path kcidb_schema() {
  return (source_dir() / ".." / "shared" / "kcidb" / "kcidb-v5.3.schema.json").lexically_normal();
}

std::string kcidb_schema_errors(const std::filesystem::path& report) {
  if (!std::filesystem::exists(kcidb_schema())) return kcidb_schema().string() + " is missing";
  if (!std::filesystem::exists("/usr/bin/python3")) return "/usr/bin/python3 is missing (apt-get install python3)";
  kc::ProcessOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import json, sys, jsonschema\n"
            "schema = json.load(open(sys.argv[1]))\n"
            "report = json.load(open(sys.argv[2]))\n"
            "v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())\n"
            "errors = sorted(v.iter_errors(report), key=lambda e: list(e.path))\n"
            "for e in errors[:5]: print(list(e.path), e.message[:300])\n"
            "sys.exit(1 if errors else 0)\n",
            kcidb_schema().string(), report.string()};
  o.merge_stderr = true;
  o.timeout = std::chrono::seconds(60);
  auto r = kc::run_process(o);
  if (r.ok()) return "";
  return r.out.empty() ? r.describe() : r.out;
}

}  // namespace testenv
