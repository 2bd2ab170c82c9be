#include "krun/ltp/runtest_index.h"
#include "common/text_lines.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace krun::ltp {

namespace fs = std::filesystem;

namespace {

// Words of a shell command line: split at blanks and the shell's operators,
// quotes dropped. Only used to look names up, never to run anything.
std::vector<std::string> command_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (char c : command) {
    if (c == ' ' || c == '\t' || c == '|' || c == ';' || c == '&' || c == '(' || c == ')' || c == '<' ||
        c == '>' || c == '`')
      flush();
    else if (c != '"' && c != '\'')
      word += c;
  }
  flush();
  return words;
}

// "fcntl34_64" → "fcntl34": variants a folder's Makefile builds from one source.
std::string without_number_suffix(const std::string& name) {
  size_t us = name.find_last_of('_');
  if (us == std::string::npos || us + 1 == name.size()) return "";
  if (!std::all_of(name.begin() + us + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; })) return "";
  return name.substr(0, us);
}

}  // namespace

std::set<std::string> sourced_files(std::string_view script) {
  std::set<std::string> out;
  kc::for_each_line(script, [&](std::string_view raw) {
    std::string_view line = kc::trim_blanks(raw);
    std::string_view rest;
    if (line.starts_with(". ")) rest = line.substr(2);
    else if (line.starts_with("source ")) rest = line.substr(7);
    else return;
    rest = kc::trim_blanks(rest);
    std::string word(rest.substr(0, rest.find_first_of(" \t;|&")));
    std::erase(word, '"');
    std::erase(word, '\'');
    if (word.find('$') != std::string::npos || !word.ends_with(".sh")) return;
    out.insert(word.substr(word.find_last_of('/') + 1));
  });
  return out;
}

std::vector<RuntestEntry> parse_runtest(std::string_view text) {
  std::vector<RuntestEntry> out;
  kc::for_each_line(text, [&](std::string_view raw) {
    std::string_view line = kc::trim_blanks(raw);
    if (line.empty() || line.front() == '#') return;
    size_t blank = line.find_first_of(" \t");
    RuntestEntry e;
    e.tag = std::string(line.substr(0, blank));
    e.command = blank == std::string_view::npos ? e.tag : std::string(kc::trim_blanks(line.substr(blank)));
    out.push_back(std::move(e));
  });
  return out;
}

TestcaseIndex TestcaseIndex::scan(const fs::path& root) {
  std::map<std::string, std::set<std::string>> programs, sources;
  const fs::path testcases = root / "testcases";
  std::error_code ec;
  fs::recursive_directory_iterator it(testcases, fs::directory_options::skip_permission_denied, ec), end;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::path& p = it->path();
    if (it->is_directory()) {
      std::string rel = p.lexically_relative(root).generic_string();
      if (rel == "testcases/open_posix_testsuite" || rel == "testcases/realtime" || rel == "testcases/lib" ||
          p.filename().string().starts_with("."))
        it.disable_recursion_pending();
      continue;
    }
    std::string ext = p.extension().string();
    if (ext != ".c" && ext != ".sh") continue;
    // The folder whose Makefile builds or installs it: the nearest one up.
    fs::path folder = p.parent_path();
    while (folder != testcases && !fs::exists(folder / "Makefile")) folder = folder.parent_path();
    if (!fs::exists(folder / "Makefile")) continue;
    std::string name = ext == ".c" ? p.stem().string() : p.filename().string();
    programs[name].insert(folder.lexically_relative(root).generic_string());
    if (ext == ".sh") {
      std::ifstream in(p, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto sourced = sourced_files(text.str());
      sources[name].insert(sourced.begin(), sourced.end());
    }
  }
  return TestcaseIndex(std::move(programs), std::move(sources));
}

void TestcaseIndex::add_folders_of(const std::string& name, std::set<std::string>& folders,
                                   std::set<std::string>& seen) const {
  if (!seen.insert(name).second) return;
  if (auto it = programs_.find(name); it != programs_.end()) folders.insert(it->second.begin(), it->second.end());
  if (auto it = sources_.find(name); it != sources_.end())
    for (const std::string& lib : it->second) add_folders_of(lib, folders, seen);
}

NeededFolders TestcaseIndex::folders_for(const std::vector<RuntestEntry>& entries) const {
  std::set<std::string> folders;
  NeededFolders out;
  for (const RuntestEntry& e : entries) {
    bool found = false;
    for (const std::string& w : command_words(e.command)) {
      std::string name = w.substr(w.find_last_of('/') + 1);
      auto it = programs_.find(name);
      if (it == programs_.end()) {
        std::string base = without_number_suffix(name);
        if (!base.empty()) it = programs_.find(base);
      }
      if (it == programs_.end()) continue;
      std::set<std::string> seen;
      add_folders_of(it->first, folders, seen);
      found = true;
    }
    if (!found) out.unresolved.push_back(e.tag);
  }
  out.folders.assign(folders.begin(), folders.end());
  return out;
}

std::vector<std::string> runtest_names(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root / "runtest", ec))
    if (e.is_regular_file() && e.path().filename() != "Makefile") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace krun::ltp
