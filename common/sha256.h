#pragma once
// SHA-256 via OpenSSL's EVP interface (hex digests, lower case).
#include <filesystem>
#include <string>
#include <string_view>

namespace kc {

std::string sha256_hex(std::string_view data);
std::string sha256_file(const std::filesystem::path& path);  // throws kc::Error naming the file

}  // namespace kc
