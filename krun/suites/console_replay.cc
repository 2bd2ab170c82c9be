#include "krun/suites/console_replay.h"

#include "krun/console/console_parser.h"
#include "krun/run/guest_markers.h"
#include "krun/suites/suite_collector.h"

namespace krun::suites {

Replay replay_console(std::istream& in, const TestPlan& plan, const std::vector<double>& seconds) {
  auto at = [&](size_t n) { return n >= 1 && n <= seconds.size() ? seconds[n - 1] : 0.0; };
  SuiteCollector collector(plan);
  GuestMarkers markers;
  size_t ended = 0;
  const GuestTest* running = nullptr;
  ConsoleParser parser;
  // GuestMarkers (the run's own marker parser) sees each line first; its
  // changes become the collector's start/end events.
  parser.add_listener([&](size_t n, std::string_view line) {
    markers.on_line(n, line);
    const GuestTest* now = markers.running();
    size_t now_ended = 0;
    for (const GuestTest& t : markers.tests()) now_ended += t.exit_code.has_value();
    if (now_ended > ended) {
      for (const GuestTest& t : markers.tests())
        if (t.exit_code && t.last_line == n) collector.on_test_end(t.name, *t.exit_code, n, at(n));
      ended = now_ended;
    }
    if (now && now != running && now->first_line == n) collector.on_test_start(now->name, n, at(n));
    running = now;
    collector.on_line(n, line);
  });
  parser.feed(in);
  parser.finish();
  Replay r;
  r.crashes = parser.crashes();
  collector.finish(markers.done() ? RunEnd::Completed : RunEnd::Crashed, r.results, r.crashes);
  r.booted = markers.booted();
  r.done = markers.done();
  r.lines = parser.lines();
  return r;
}

}  // namespace krun::suites
