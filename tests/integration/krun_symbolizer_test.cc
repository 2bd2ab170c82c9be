// Crash frames symbolized for real: a program compiled with gcc -g stands in
// for vmlinux (an ELF with a symbol table and DWARF line tables, which is
// all the symbolizer reads), and the real llvm-nm and llvm-symbolizer
// resolve the frames of a console report around its functions.
#include <gtest/gtest.h>

#include <regex>

#include "common/archive.h"
#include "common/process.h"
#include "tests/integration/krun_harness.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

// Line numbers below are this source's.
constexpr const char* kSource =
    "__attribute__((noinline)) int crashme_inner(int x) {\n"  // 1
    "  volatile int *p = 0;\n"                                 // 2
    "  if (x > 100) return *p;\n"                              // 3
    "  return x * 3;\n"                                        // 4
    "}\n"                                                      // 5
    "__attribute__((noinline)) int crashme_outer(int x) {\n"  // 6
    "  int y = crashme_inner(x + 1);\n"                        // 7: the call
    "  return y + 7;\n"                                        // 8: what follows it
    "}\n"
    "int main(int argc, char **argv) { (void)argv; return crashme_outer(argc); }\n";

struct Program {
  fs::path elf;
  std::string error;
  unsigned long outer_return = 0, outer_size = 0;  // crashme_inner's return address in crashme_outer
};

bool tools_present() {
  return !kc::find_program("gcc").empty() && !kc::find_program("llvm-nm").empty() &&
         !kc::find_program("llvm-symbolizer").empty() && !kc::find_program("llvm-objdump").empty();
}

// Compiled with -O1, so that the instruction after the call belongs to the
// next line: the frame resolves to line 7 only if the symbolizer looks one
// byte before the return address.
Program build_program(const testenv::TempDir& dir) {
  Program p;
  testenv::write_file(dir / "crashme.c", kSource);
  p.elf = dir / "vmlinux";
  auto cc = testenv::run("gcc", {"-g", "-O1", "-fno-inline", "-o", p.elf.string(), (dir / "crashme.c").string()}, {},
                         {}, std::chrono::seconds(60));
  if (!cc.ok()) {
    p.error = "gcc: " + cc.err;
    return p;
  }
  auto dis = testenv::run("llvm-objdump", {"-d", "--no-show-raw-insn", p.elf.string()}, {}, {},
                          std::chrono::seconds(60));
  // "<crashme_outer>:", then "  1153:\tcall ... <crashme_inner>" and the next address.
  std::string text = dis.out;
  size_t start = text.find("<crashme_outer>:");
  size_t call = text.find("<crashme_inner>", start);
  size_t next = text.find('\n', call);
  std::smatch m;
  std::string rest = text.substr(next + 1, 200);
  if (start == std::string::npos || call == std::string::npos ||
      !std::regex_search(rest, m, std::regex(R"(^\s*([0-9a-f]+):)"))) {
    p.error = "no call in crashme_outer: " + dis.out.substr(0, 2000);
    return p;
  }
  unsigned long ret = std::stoul(m[1].str(), nullptr, 16);
  auto nm = testenv::run("llvm-nm", {"--print-size", p.elf.string()}, {}, {}, std::chrono::seconds(60));
  std::smatch s;
  if (!std::regex_search(nm.out, s, std::regex(R"(([0-9a-f]+) ([0-9a-f]+) T crashme_outer)"))) {
    p.error = "no crashme_outer in " + nm.out;
    return p;
  }
  p.outer_return = ret - std::stoul(s[1].str(), nullptr, 16);
  p.outer_size = std::stoul(s[2].str(), nullptr, 16);
  return p;
}

std::string console_for(const Program& p) {
  char frame[128];
  snprintf(frame, sizeof frame, "crashme_outer+0x%lx/0x%lx", p.outer_return, p.outer_size);
  return "[    1.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
         "[    1.000050] #PF: supervisor read access in kernel mode\n"
         "[    1.000100] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
         "[    1.000150] CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1\n"
         "[    1.000200] RIP: 0010:" + std::string(frame) + "\n"
         "[    1.000300] Call Trace:\n"
         "[    1.000400]  <TASK>\n"
         "[    1.000450]  ? crashme_unrelated+0x1/0x2\n"
         "[    1.000500]  " + std::string(frame) + " [crashme]\n"
         "[    1.000550]  " + std::string(frame) + "\n"
         "[    1.000700]  </TASK>\n"
         "[    1.000750] RIP: 0033:0x7f2b1a4f3f29\n"
         "[    1.000800] ---[ end trace 0000000000000000 ]---\n";
}

TEST(KrunSymbolizer, LogParseResolvesKernelFramesToTheirLines) {
  REQUIRE_OR_SKIP(tools_present(), "gcc and llvm (llvm-nm, llvm-symbolizer, llvm-objdump) are needed");
  testenv::TempDir dir("krun-symbolize");
  Program p = build_program(dir);
  ASSERT_TRUE(p.error.empty()) << p.error;
  testenv::write_file(dir / "console.log", console_for(p));
  // Compressed, as kbuild's debugkernel target ships it.
  kc::compress_file(p.elf, dir / "vmlinux.xz", kc::Compression::Xz);
  auto r = testenv::run(testenv::krun_bin(), {"log", "parse", "--vmlinux", (dir / "vmlinux.xz").string(),
                                              (dir / "console.log").string()},
                        {}, {}, std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto out = nlohmann::json::parse(r.out);
  auto frames = out["crashes"][0]["frames"];
  ASSERT_EQ(frames.size(), 4u) << out.dump(2);
  // The faulting instruction is looked up as it is: the same address as
  // the return address below, but the statement after the call.
  EXPECT_EQ(frames[0]["function"], "crashme_outer");
  EXPECT_EQ(frames[0]["at_fault"], true);
  EXPECT_EQ(frames[0]["line"], 8) << frames[0].dump();
  EXPECT_NE(frames[0]["file"].get<std::string>().find("crashme.c"), std::string::npos);
  // An unreliable frame is kept, marked; this one names no symbol of the ELF.
  EXPECT_EQ(frames[1]["function"], "crashme_unrelated");
  EXPECT_EQ(frames[1]["unreliable"], true);
  EXPECT_FALSE(frames[1].contains("line"));
  // A module's frame needs its .ko: left unresolved.
  EXPECT_EQ(frames[2]["module"], "crashme");
  EXPECT_FALSE(frames[2].contains("line"));
  // A return address: the call's line, not the next statement's.
  EXPECT_EQ(frames[3]["function"], "crashme_outer");
  EXPECT_EQ(frames[3]["line"], 7) << frames[3].dump();
  EXPECT_NE(r.err.find("symbolized 2 of 4 crash frames"), std::string::npos) << r.err;
}

TEST(KrunSymbolizer, ARunPutsTheFramesInResultsAndTheCrashLineSaysWhere) {
  REQUIRE_OR_SKIP(tools_present(), "gcc and llvm (llvm-nm, llvm-symbolizer, llvm-objdump) are needed");
  testenv::TempDir dir("krun-symbolize-run");
  Program p = build_program(dir);
  ASSERT_TRUE(p.error.empty()) << p.error;
  auto r = krun_it::krun_with_fake_qemu(dir, console_for(p), {"--vmlinux", p.elf.string()});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  auto crashes = r.results["boot"]["kernel-messages"]["crashes"];
  ASSERT_EQ(crashes.size(), 1u) << r.results.dump(2);
  EXPECT_EQ(crashes[0]["frames"][3]["line"], 7) << crashes[0].dump(2);
  // "E: BUG: kernel NULL pointer dereference in crashme_outer (console lines 1-13; at .../crashme.c:8)"
  EXPECT_NE(r.process.err.find("in crashme_outer (console lines 1-13; at "), std::string::npos) << r.process.err;
  EXPECT_NE(r.process.err.find("crashme.c:8)"), std::string::npos) << r.process.err;
}

TEST(KrunSymbolizer, AVmlinuxThatIsNotAnElfCostsAWarningNotTheResults) {
  REQUIRE_OR_SKIP(tools_present(), "gcc and llvm (llvm-nm, llvm-symbolizer, llvm-objdump) are needed");
  testenv::TempDir dir("krun-symbolize-bad");
  Program p = build_program(dir);
  ASSERT_TRUE(p.error.empty()) << p.error;
  testenv::write_file(dir / "console.log", console_for(p));
  testenv::write_file(dir / "not-elf", "this is not an ELF file\n");
  auto r = testenv::run(testenv::krun_bin(), {"log", "parse", "--vmlinux", (dir / "not-elf").string(),
                                              (dir / "console.log").string()},
                        {}, {}, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("W: crash frames are not symbolized: cannot read the symbols of vmlinux"), std::string::npos)
      << r.err;
  auto out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["crashes"][0]["frames"].size(), 4u);
  EXPECT_FALSE(out["crashes"][0]["frames"][0].contains("line"));
  // A --vmlinux that does not exist is a usage error before any boot.
  auto run = krun_it::krun_with_fake_qemu(dir, console_for(p), {"--vmlinux", (dir / "missing").string()});
  EXPECT_EQ(run.process.exit_code, 2) << run.process.err;
  EXPECT_NE(run.process.err.find("--vmlinux"), std::string::npos) << run.process.err;
}

}  // namespace
