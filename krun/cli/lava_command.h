#pragma once
// `krun lava ...`: LAVA jobs on this machine and LAVA logs back into krun's
// results (docs/lava.md).
//   krun lava dispatch --job JOB [--device DEVICE] --output DIR
//       checks JOB and DEVICE against LAVA's own schema, then runs them with
//       Debian's lava-run in the krun/lava_bookworm image (made from
//       containers/lava.yaml when missing); the job's log is DIR/output.yaml
//   krun lava results LOG|DIR [--tests T]... [--parameters K=V]... [--skipfile F]
//                     [--results FILE] [-- command...]
//       the job's log (DIR/output.yaml, lava-run's stderr, or a lab's
//       `lavacli jobs logs ID --raw`) as krun's results.json: the guest's
//       console through krun's crash parser and test parsers for the same
//       --tests and commands the job was made with, plus LAVA's own results
// Exit codes: 0 pass, 1 a case failed or a crash was found, 2 bad input,
// an incomplete job or an infrastructure problem.
#include <string>
#include <vector>

namespace krun::lava {

int lava_main(const std::vector<std::string>& args);

}  // namespace krun::lava
