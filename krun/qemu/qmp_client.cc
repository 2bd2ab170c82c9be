#include "krun/qemu/qmp_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "common/errors.h"

namespace krun {

namespace {

using Clock = std::chrono::steady_clock;

int connect_unix(const std::filesystem::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string p = path.string();
  if (p.size() >= sizeof(addr.sun_path))
    throw kc::usage_error(fmt::format("QMP socket path {} is longer than a unix socket allows ({} bytes); use a "
                                      "shorter --cache-dir",
                                      p, sizeof(addr.sun_path) - 1));
  std::memcpy(addr.sun_path, p.data(), p.size());
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
  close(fd);
  return -1;
}

}  // namespace

QmpClient::QmpClient(const std::filesystem::path& socket, std::chrono::milliseconds within) : socket_(socket) {
  const auto deadline = Clock::now() + within;
  while ((fd_ = connect_unix(socket)) < 0) {
    if (Clock::now() >= deadline)
      throw kc::infra_error(fmt::format("cannot connect to qemu's QMP socket {}: {}", socket.string(),
                                        std::strerror(errno)));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  nlohmann::json greeting = read_message(deadline + std::chrono::seconds(5));
  if (!greeting.contains("QMP"))
    throw kc::infra_error(fmt::format("{} did not greet as QMP: {}", socket.string(), greeting.dump()));
  execute("qmp_capabilities");
}

QmpClient::~QmpClient() {
  if (fd_ >= 0) close(fd_);
}

void QmpClient::send_line(const std::string& line) {
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw kc::infra_error(fmt::format("QMP {}: qemu closed the socket", socket_.string()));
    rest.remove_prefix(static_cast<size_t>(n));
  }
}

nlohmann::json QmpClient::read_message(Clock::time_point deadline) {
  for (;;) {
    if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object())
        throw kc::infra_error(fmt::format("QMP {}: not a JSON object: {}", socket_.string(), line.substr(0, 200)));
      return j;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) throw kc::infra_error(fmt::format("QMP {}: qemu did not answer in time", socket_.string()));
    pollfd p{fd_, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    char chunk[4096];
    ssize_t n = ::read(fd_, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw kc::infra_error(fmt::format("QMP {}: qemu closed the socket", socket_.string()));
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

nlohmann::json QmpClient::execute(const std::string& command, const nlohmann::json& arguments,
                                  std::chrono::milliseconds timeout) {
  nlohmann::json request = {{"execute", command}};
  if (!arguments.empty()) request["arguments"] = arguments;
  send_line(request.dump() + "\n");
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    nlohmann::json reply = read_message(deadline);
    if (reply.contains("event")) continue;  // asynchronous (STOP, RESUME, DUMP_COMPLETED ...)
    if (reply.contains("return")) return reply["return"];
    if (reply.contains("error")) {
      const auto& e = reply["error"];
      throw kc::infra_error(fmt::format("qemu refused {}: {}", command, e.value("desc", e.dump())));
    }
    throw kc::infra_error(fmt::format("QMP {}: unexpected reply to {}: {}", socket_.string(), command, reply.dump()));
  }
}

}  // namespace krun
