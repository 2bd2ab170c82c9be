#include "tests/support/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace kc {

namespace fs = std::filesystem;

namespace {

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 304: return "Not Modified";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    default: return "Status";
  }
}

void send_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

TestHttpServer::Response serve_file(const fs::path& root, const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  if (path.find("..") != std::string::npos) return {404, "bad path\n", {}};
  fs::path file = root / path.substr(path.empty() ? 0 : 1);
  if (!fs::is_regular_file(file)) return {404, "not found\n", {}};
  return {200, read_file(file), {}};
}

}  // namespace

TestHttpServer::TestHttpServer(const fs::path& root)
    : TestHttpServer([root](const std::string& p, const std::map<std::string, std::string>&) {
        return serve_file(root, p);
      }) {}

TestHttpServer::TestHttpServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw infra_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // any free port
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0) {
    ::close(listen_fd_);
    throw infra_error(std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno));
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

TestHttpServer::~TestHttpServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
}

std::string TestHttpServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void TestHttpServer::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    answer(fd);
    ::close(fd);
  }
}

void TestHttpServer::answer(int fd) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    request.append(buf, static_cast<size_t>(n));
  }
  ++requests_;
  std::string first = request.substr(0, request.find("\r\n"));
  auto sp1 = first.find(' ');
  auto sp2 = first.find(' ', sp1 + 1);
  std::string target = sp1 == std::string::npos ? "/" : first.substr(sp1 + 1, sp2 - sp1 - 1);
  std::map<std::string, std::string> headers;
  size_t pos = request.find("\r\n") + 2;
  while (pos < request.size()) {
    size_t end = request.find("\r\n", pos);
    if (end == std::string::npos || end == pos) break;
    std::string line = request.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      headers[name] = value;
    }
    pos = end + 2;
  }
  headers[":method"] = first.substr(0, sp1 == std::string::npos ? 0 : sp1);
  std::string body = request.substr(request.find("\r\n\r\n") + 4);
  if (auto it = headers.find("content-length"); it != headers.end()) {
    size_t want = std::stoul(it->second);
    while (body.size() < want) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) break;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      body.append(buf, static_cast<size_t>(n));
    }
  }
  headers[":body"] = body;
  Response r = handler_(target, headers);
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
  head += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n";
  for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
  head += "\r\n";
  send_all(fd, head.data(), head.size());
  if (r.status == 304) return;
  size_t n = std::min(r.cut_after, r.body.size());
  send_all(fd, r.body.data(), n);
}

}  // namespace kc
