#pragma once
// Checks a KCIDB report against KCIDB's own schema
// (../shared/kcidb/kcidb-v5.3.schema.json) with Debian's python3-jsonschema
// (through /usr/bin/python3: the pyenv python3 on PATH lacks Debian's modules).
#include <filesystem>
#include <string>

namespace testenv {

std::filesystem::path kcidb_schema();

// "" when `report` is valid; otherwise the validator's message (or why it
// could not run).
std::string kcidb_schema_errors(const std::filesystem::path& report);

}  // namespace testenv
