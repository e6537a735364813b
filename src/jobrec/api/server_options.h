// Settings of the HTTP server: the [server] section of the configuration.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "jobrec/common/config.h"

namespace jobrec::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  // Worker threads. The HTTP library gives each open connection a thread for as long as it
  // is kept alive, so this is also the number of connections served at once; further ones
  // wait (measured: 64 connections on 32 threads took p99 from 20 ms to 750 ms).
  int threads = 128;
  int64_t max_body_bytes = 1 << 20;
  int keep_alive_max_count = 1000;
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  int listen_backlog = 1024;
  std::string web_root = "web/dist";
  bool cookie_secure = false;  // Secure cookies: set behind an HTTPS proxy

  static ServerOptions FromConfig(const common::Config& config);
};

// server.host, server.port, server.threads, server.max_body_bytes,
// server.keep_alive_max_count, server.keep_alive_timeout, server.read_timeout,
// server.write_timeout, server.listen_backlog, server.web_root, server.cookie_secure.
std::vector<common::ConfigKey> ServerConfigKeys();

}  // namespace jobrec::api
