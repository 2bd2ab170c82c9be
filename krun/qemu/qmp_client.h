#pragma once
// A QEMU Machine Protocol client over qemu's `-qmp unix:PATH,server=on,
// wait=off` socket: one JSON object per line each way. After connecting it
// reads the greeting and enters command mode (qmp_capabilities); execute()
// sends one command and returns its "return" value, skipping the
// asynchronous events qemu interleaves. Used to stop a panicked guest and
// dump its memory (--vmcore). Every wait is bounded: qemu may be gone.
#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace krun {

class QmpClient {
 public:
  // Connects, retrying until `within` has passed (qemu creates the socket a
  // moment after it starts). Throws kc::Error(Infra) naming the socket.
  QmpClient(const std::filesystem::path& socket, std::chrono::milliseconds within);
  ~QmpClient();
  QmpClient(const QmpClient&) = delete;
  QmpClient& operator=(const QmpClient&) = delete;

  // Throws kc::Error(Infra) with qemu's error description, or on a timeout.
  nlohmann::json execute(const std::string& command, const nlohmann::json& arguments = nlohmann::json::object(),
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  nlohmann::json read_message(std::chrono::steady_clock::time_point deadline);
  void send_line(const std::string& line);

  std::filesystem::path socket_;
  int fd_ = -1;
  std::string buffer_;  // bytes read past the last full line
};

}  // namespace krun
