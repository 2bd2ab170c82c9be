#include "krun/cli/lava_command.h"

#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "common/atomic_file.h"
#include "krun/cli/key_values.h"
#include "krun/cli/subcommand_parse.h"
#include "common/console.h"
#include "common/container_images.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/json_file.h"
#include "common/signals.h"
#include "common/yaml_file.h"
#include "krun/console/crash_json.h"
#include "krun/images/package_image.h"
#include "krun/lava/lava_log.h"
#include "krun/suites/console_replay.h"
#include "krun/suites/skip_list.h"
#include "krun/suites/test_catalogue.h"

namespace krun::lava {

namespace fs = std::filesystem;

namespace {

PackageImage lava_image() {
  fs::path file = kc::data_dir("krun", "KRUN_DATA_DIR") / "containers" / "lava.yaml";
  if (!fs::is_regular_file(file)) throw kc::infra_error(file.string() + " is missing; reinstall krun");
  PackageImageRecipe r = load_package_image_recipe(file, kc::load_yaml_file(file), "reinstall krun");
  return {"krun/lava_" + r.suite, r, 1, "lava.yaml"};
}

// The local files the job deploys (file:// URLs): their folders are mounted
// into the dispatcher's container at the same paths.
std::set<fs::path> file_url_folders(const YAML::Node& job) {
  std::set<fs::path> dirs;
  for (const auto& action : job["actions"]) {
    const YAML::Node deploy = action["deploy"];
    if (!deploy || !deploy.IsMap()) continue;
    const YAML::Node images = deploy["images"];
    if (!images || !images.IsMap()) continue;
    for (const auto& it : images) {
      const YAML::Node url = it.second["url"];
      if (url && url.IsScalar() && url.as<std::string>().starts_with("file://"))
        dirs.insert(fs::path(url.as<std::string>().substr(7)).parent_path());
    }
  }
  return dirs;
}

long job_minutes(const YAML::Node& job) {
  const YAML::Node t = job["timeouts"];
  if (!t || !t.IsMap() || !t["job"] || !t["job"].IsMap()) return 60;
  const YAML::Node m = t["job"]["minutes"];
  return m && m.IsScalar() ? m.as<long>(60) : 60;
}

int dispatch(const std::string& job_arg, const std::string& device_arg, const std::string& output_arg) {
  const fs::path job = fs::absolute(job_arg);
  const fs::path device = device_arg.empty() ? job.parent_path() / (job.stem().string() + ".device.yaml")
                                             : fs::absolute(device_arg);
  const fs::path out = fs::absolute(output_arg);
  for (const auto& f : {job, device})
    if (!fs::is_regular_file(f)) throw kc::usage_error(fmt::format("{} does not exist", f.string()));
  YAML::Node job_yaml = kc::load_yaml_file(job);
  fs::create_directories(out);
  kc::write_file_atomic(out / "dispatcher.yaml",
                        "# The dispatcher runs offline: no default route to take its address from.\n"
                        "dispatcher_ip: 127.0.0.1\n");

  kc::ContainerSpec spec;
  spec.image = ensure_package_image(lava_image());
  std::set<fs::path> ro = file_url_folders(job_yaml);
  ro.insert(job.parent_path());
  ro.insert(device.parent_path());
  for (const auto& d : ro)
    if (d != out) spec.mounts.push_back({d, d.string(), true});
  spec.mounts.push_back({out, out.string(), false});
  spec.workdir = out.string();
  spec.network = false;
  spec.name_prefix = "krun-lava";
  auto runtime = kc::make_container_runtime(kc::container_engine());
  runtime->start(spec);

  // LAVA's own schema first: a lab would refuse what it refuses.
  kc::ProcessOptions v;
  v.argv = {"python3", "-c",
            "import sys, yaml\n"
            "from lava_common.schemas import validate, device\n"
            "validate(yaml.safe_load(open(sys.argv[1])), strict=True)\n"
            "device.validate(yaml.safe_load(open(sys.argv[2])))\n",
            job.string(), device.string()};
  v.merge_stderr = true;
  v.timeout = std::chrono::minutes(2);
  kc::ProcessResult checked = runtime->exec(v);
  if (!checked.ok()) {
    std::string last = checked.out.substr(checked.out.find_last_of('\n', checked.out.size() - 2) + 1);
    while (!last.empty() && last.back() == '\n') last.pop_back();
    throw kc::usage_error(fmt::format("LAVA's job schema refuses {} or {}: {}", job.string(), device.string(), last));
  }

  const fs::path log_path = out / "output.yaml";
  std::ofstream log(log_path, std::ios::binary | std::ios::trunc);
  kc::ProcessOptions run;
  run.argv = {"lava-run", "--device", device.string(), "--dispatcher", (out / "dispatcher.yaml").string(),
              "--job-id", "1", "--output-dir", (out / "lava").string(), job.string()};
  run.on_stderr = [&](std::string_view chunk) {
    log << chunk;
    return true;
  };
  run.timeout = std::chrono::minutes(job_minutes(job_yaml) + 5);
  kc::console::info("lava-run {} (log: {})", job.string(), log_path.string());
  kc::ProcessResult r = runtime->exec(run);
  log.close();
  runtime->stop();
  if (r.interrupted) throw kc::Error(kc::ErrorKind::Incomplete, "interrupted while lava-run ran");
  LavaLog parsed = parse_lava_log(kc::read_file(log_path));
  for (const auto& res : parsed.results)
    if (res.definition != "lava") kc::console::info("LAVA {}/{}: {}", res.definition, res.test_case, res.result);
  const LavaResult* job_verdict = job_result(parsed);
  if (!r.ok() || !job_verdict || job_verdict->result != "pass") {
    std::string verdict = job_verdict ? job_verdict->result : "unknown";
    if (job_verdict && !job_verdict->error.empty()) verdict += ": " + job_verdict->error;
    kc::console::error("the LAVA job did not complete (lava-run {}, job result {}); see {}", r.describe(), verdict,
                       log_path.string());
    return 2;
  }
  kc::console::info("LAVA job complete; `krun lava results {}` turns its log into results.json", out.string());
  return 0;
}

int results(const std::string& where, const std::vector<std::string>& tests, const std::vector<std::string>& params,
            const std::string& skipfile, const std::string& results_file, const std::vector<std::string>& commands) {
  fs::path log_path = fs::is_directory(where) ? fs::path(where) / "output.yaml" : fs::path(where);
  LavaLog log = read_lava_log(log_path);
  suites::PlanRequest req;
  req.tests = tests;
  req.commands = commands;
  req.parameters = key_values("--parameters", params);
  suites::SkipList skips;
  if (!skipfile.empty()) {
    skips = suites::SkipList::load(skipfile, {});
    req.skip_entries = skips.entries();
  }
  suites::add_guest_inputs(req);
  if (!req.parameters.count("KSELFTEST")) req.found_kselftest = "kselftest.tar.xz";  // not needed to parse
  suites::TestPlan plan = suites::plan_tests(req);
  std::string console;
  for (const auto& line : log.console) console += line + "\n";
  std::istringstream in(console);
  suites::Replay replay = suites::replay_console(in, plan, log.console_seconds);
  replay.results.apply_skip_list(skips);

  nlohmann::json out = nlohmann::json::object();
  nlohmann::json boot = {{"result", replay.booted ? "pass" : "fail"}};
  if (!replay.booted) boot["reason"] = "no <<KRUN>> BOOT in the LAVA log";
  out["boot"]["boot"] = boot;
  nlohmann::json messages = {{"result", replay.crashes.empty() ? "pass" : "fail"}, {"crashes", nlohmann::json::array()}};
  for (const auto& c : replay.crashes) messages["crashes"].push_back(crash_to_json(c));
  out["boot"]["kernel-messages"] = messages;
  const nlohmann::json suites_json = replay.results.to_json();
  for (const auto& [suite, cases] : suites_json.items()) out[suite] = cases;
  // LAVA's own view: the dispatcher's actions (suite `lava`, as TuxRun has
  // it) and the monitor's cases (suite `krun`).
  for (const auto& r : log.results) out[r.definition.empty() ? "lava" : r.definition][r.test_case] = {{"result", r.result}};
  if (results_file.empty()) std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else kc::write_json_atomic(results_file, out);
  if (!replay.results.empty()) std::cerr << replay.results.summary_table();
  for (const auto& c : replay.crashes) kc::console::error("{} (console lines {}-{})", c.title, c.first_line, c.last_line);
  // As for a local run: a crash is a definite failure even when the guest
  // then never finished; otherwise an unfinished run is incomplete.
  if (!replay.crashes.empty()) return 1;
  if (!replay.booted || !replay.done) {
    const LavaResult* job_verdict = job_result(log);
    kc::console::error("the LAVA log has {} of the guest's run; the job did not complete{}",
                       replay.booted ? "no <<KRUN>> DONE" : "no boot",
                       job_verdict && !job_verdict->error.empty() ? " (LAVA: " + job_verdict->error + ")" : "");
    return 2;
  }
  return replay.results.any_failed() ? 1 : 0;
}

}  // namespace

int lava_main(const std::vector<std::string>& args) {
  CLI::App app{"krun lava: LAVA jobs on this machine, LAVA logs as krun results", "krun lava"};
  app.require_subcommand(1);
  std::string job, device, output, where, skipfile, results_file;
  std::vector<std::string> tests, params, commands;
  CLI::App* d = app.add_subcommand("dispatch", "check a job against LAVA's schema and run it with lava-run");
  d->add_option("--job", job, "the LAVA job (krun --lava-definition)")->required();
  d->add_option("--device", device, "the device configuration (default: <job stem>.device.yaml beside the job)");
  d->add_option("--output", output, "folder for the job's log (output.yaml) and LAVA's files")->required();
  CLI::App* r = app.add_subcommand("results", "a LAVA job's log as krun's results.json");
  r->add_option("log", where, "the job's log, or the folder `krun lava dispatch` wrote")->required();
  r->add_option("--tests", tests, "the tests the job was made with (repeatable, comma lists)");
  r->add_option("--parameters", params, "KEY=VALUE, as for the run");
  r->add_option("--skipfile", skipfile, "skip list (path or URL)");
  r->add_option("--results", results_file, "write results.json here instead of stdout");
  if (auto done = parse_subcommand(app, args, &commands)) return *done;
  kc::signals::install();
  if (app.got_subcommand("dispatch")) return dispatch(job, device, output);
  return results(where, tests, params, skipfile, results_file, commands);
}

}  // namespace krun::lava
