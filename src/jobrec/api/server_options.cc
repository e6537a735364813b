#include "jobrec/api/server_options.h"

namespace jobrec::api {

std::vector<common::ConfigKey> ServerConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "server.host", .default_value = "127.0.0.1",
       .help = "address to listen on; 0.0.0.0 for every interface"},
      {.name = "server.port", .type = ConfigType::kInt, .default_value = "8080",
       .help = "TCP port (0: any free port); `jobrec serve --port` overrides it", .min = 0,
       .max = 65535},
      {.name = "server.threads", .type = ConfigType::kInt, .default_value = "128",
       .help = "worker threads; each kept-alive connection holds one, so also the number of "
               "connections served at once (more wait)", .min = 1, .max = 4096},
      {.name = "server.max_body_bytes", .type = ConfigType::kInt, .default_value = "1048576",
       .help = "largest request body accepted; larger ones get 413", .min = 1024,
       .max = 1 << 30},
      {.name = "server.keep_alive_max_count", .type = ConfigType::kInt, .default_value = "1000",
       .help = "requests served on one connection before the server closes it", .min = 1,
       .max = 1'000'000},
      {.name = "server.keep_alive_timeout", .type = ConfigType::kDuration, .default_value = "5s",
       .help = "idle time before a kept-alive connection is closed (whole seconds); also the "
               "longest a shutdown waits for idle clients", .min = 1, .max = 300},
      {.name = "server.read_timeout", .type = ConfigType::kDuration, .default_value = "10s",
       .help = "longest wait for the next bytes of a request", .min = 0.01, .max = 600},
      {.name = "server.write_timeout", .type = ConfigType::kDuration, .default_value = "10s",
       .help = "longest wait for a client to accept the next bytes of a response", .min = 0.01,
       .max = 600},
      {.name = "server.listen_backlog", .type = ConfigType::kInt, .default_value = "1024",
       .help = "connections the kernel queues before the server accepts them", .min = 1,
       .max = 65535},
      {.name = "server.web_root", .default_value = "web/dist",
       .help = "directory of the built web app (relative to the working directory)"},
      {.name = "server.cookie_secure", .type = ConfigType::kBool, .default_value = "false",
       .help = "mark cookies Secure: set true when users reach jobrec over HTTPS (a TLS proxy)"},
  };
}

ServerOptions ServerOptions::FromConfig(const common::Config& config) {
  return ServerOptions{
      .host = config.GetString("server.host"),
      .port = static_cast<int>(config.GetInt("server.port")),
      .threads = static_cast<int>(config.GetInt("server.threads")),
      .max_body_bytes = config.GetInt("server.max_body_bytes"),
      .keep_alive_max_count = static_cast<int>(config.GetInt("server.keep_alive_max_count")),
      .keep_alive_timeout = std::chrono::duration_cast<std::chrono::seconds>(
          config.GetDuration("server.keep_alive_timeout")),
      .read_timeout = config.GetDuration("server.read_timeout"),
      .write_timeout = config.GetDuration("server.write_timeout"),
      .listen_backlog = static_cast<int>(config.GetInt("server.listen_backlog")),
      .web_root = config.GetString("server.web_root"),
      .cookie_secure = config.GetBool("server.cookie_secure"),
  };
}

}  // namespace jobrec::api
