#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for tests (unit and integration; a
// test helper, not part of the tools):
// answers from a handler or serves a folder, and can misbehave on purpose
// (wrong status, a body cut off half-way) so download error paths are tested
// against real sockets rather than mocks. One request per connection.
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace kc {

class TestHttpServer {
 public:
  struct Response {
    int status = 200;
    std::string body;
    std::map<std::string, std::string> headers;
    // Announce the full Content-Length but send only this many bytes, then close.
    size_t cut_after = std::string::npos;
  };
  // path is the request target ("/dists/x/InRelease"); headers have lower-case
  // names, plus ":method" (GET, POST, ...) and ":body" (the request body,
  // read up to its Content-Length).
  using Handler = std::function<Response(const std::string& path, const std::map<std::string, std::string>& headers)>;

  explicit TestHttpServer(Handler handler);
  // Serves the files under `root` (404 for missing ones).
  explicit TestHttpServer(const std::filesystem::path& root);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::string url() const;          // "http://127.0.0.1:<port>"
  int requests() const { return requests_; }

 private:
  void serve();
  void answer(int fd);
  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace kc
