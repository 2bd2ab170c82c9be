#include "krun/qemu/qmp_client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <thread>

#include "common/errors.h"
#include "common/scratch_folder.h"

namespace krun {
namespace {

// A fake qemu QMP server: greets, then answers each request line with the
// scripted lines (events may come before an answer, as qemu sends them).
class FakeQmpServer {
 public:
  FakeQmpServer(const std::filesystem::path& path, std::vector<std::vector<std::string>> answers)
      : answers_(std::move(answers)) {
    listen_fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(listen_fd_, 1), 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeQmpServer() {
    join();
    close(listen_fd_);
  }
  // Waits until every scripted answer was sent; `requests` is then complete.
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::string> requests;  // what the client sent, one per line

 private:
  void serve() {
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    put(fd, R"({"QMP": {"version": {"qemu": {"major": 7}}, "capabilities": []}})" "\r\n");
    std::string buffer;
    for (const auto& answer : answers_) {
      size_t nl;
      while ((nl = buffer.find('\n')) == std::string::npos) {
        char c[512];
        ssize_t n = read(fd, c, sizeof(c));
        if (n <= 0) { close(fd); return; }
        buffer.append(c, static_cast<size_t>(n));
      }
      requests.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
      for (const auto& line : answer) put(fd, line + "\r\n");
    }
    close(fd);
  }
  static void put(int fd, const std::string& s) { (void)!write(fd, s.data(), s.size()); }

  int listen_fd_ = -1;
  std::vector<std::vector<std::string>> answers_;
  std::thread thread_;
};

TEST(QmpClient, EntersCommandModeSkipsEventsAndReturnsTheAnswer) {
  kc::ScratchFolder dir(std::filesystem::temp_directory_path(), "qmp-test");
  const auto sock = dir.path() / "qmp.sock";
  {
    FakeQmpServer server(sock, {{R"({"return": {}})"},
                                {R"({"event": "STOP", "timestamp": {"seconds": 1}})", R"({"return": {}})"},
                                {R"({"return": {"status": "paused", "running": false}})"}});
    QmpClient qmp(sock, std::chrono::seconds(2));
    EXPECT_TRUE(qmp.execute("stop").empty());
    nlohmann::json status = qmp.execute("query-status");
    EXPECT_EQ(status["status"], "paused");
    server.join();
    ASSERT_EQ(server.requests.size(), 3u);
    EXPECT_EQ(nlohmann::json::parse(server.requests[0])["execute"], "qmp_capabilities");
    EXPECT_EQ(nlohmann::json::parse(server.requests[1])["execute"], "stop");
  }
}

TEST(QmpClient, SendsTheArgumentsAndReportsQemusErrorText) {
  kc::ScratchFolder dir(std::filesystem::temp_directory_path(), "qmp-test");
  const auto sock = dir.path() / "qmp.sock";
  {
    FakeQmpServer server(
        sock, {{R"({"return": {}})"},
               {R"({"error": {"class": "GenericError", "desc": "Obtaining memory mappings is unsupported"}})"}});
    QmpClient qmp(sock, std::chrono::seconds(2));
    try {
      qmp.execute("dump-guest-memory", {{"paging", true}, {"protocol", "file:/w/vmcore"}});
      FAIL() << "an error answer must throw";
    } catch (const kc::Error& e) {
      EXPECT_NE(std::string(e.what()).find("Obtaining memory mappings is unsupported"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("dump-guest-memory"), std::string::npos) << e.what();
    }
    server.join();
    ASSERT_EQ(server.requests.size(), 2u);
    nlohmann::json dump = nlohmann::json::parse(server.requests[1]);
    EXPECT_EQ(dump["arguments"]["protocol"], "file:/w/vmcore");
    EXPECT_EQ(dump["arguments"]["paging"], true);
  }
}

TEST(QmpClient, NoQemuBehindTheSocketIsAnErrorNamingIt) {
  kc::ScratchFolder dir(std::filesystem::temp_directory_path(), "qmp-test");
  try {
    QmpClient qmp(dir.path() / "absent.sock", std::chrono::milliseconds(200));
    FAIL() << "connecting to nothing must throw";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("absent.sock"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace krun
