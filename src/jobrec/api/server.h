// The HTTP server: cpp-httplib (the only file that includes it) in front of a Router.
//
// Per request it chooses the request id (a sane incoming X-Request-Id or a new one) and echoes
// it, sets it as the log context while the handler runs, converts the request for the router,
// writes one access-log line (method, route pattern, status, duration, bytes, request id —
// never the path, query, body or credentials) and records Metrics. Every error, including the
// ones the library answers itself (413 body too large, 400 malformed request), gets the JSON
// error body. All responses carry X-Content-Type-Options: nosniff and, unless the handler set
// one, Cache-Control: no-store.
//
// Request bodies: at most max_body_bytes (413 otherwise). A body must come with a
// Content-Length; chunked uploads get 411, because the library would read them into memory
// without any limit. A POST/PUT/PATCH/DELETE without Content-Length has an empty body (the
// library would wait for the read timeout instead).
//
// Thread-safety: Start, port and Stop from one owning thread; handlers run on the server's
// worker threads.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "jobrec/api/metrics.h"
#include "jobrec/api/router.h"
#include "jobrec/api/server_options.h"

namespace jobrec::api {

class Server {
 public:
  // Binds options.host:options.port and serves `router` on options.threads worker threads.
  // Returns once connections are being accepted. Unavailable when the address cannot be
  // bound (port in use, address not local).
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       std::shared_ptr<const Router> router,
                                                       std::shared_ptr<Metrics> metrics);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the chosen one when options.port was 0).
  int port() const;

  // Stops accepting connections, lets requests in progress finish and closes kept-alive
  // connections; returns when all worker threads are done. An idle kept-alive connection
  // can delay the return by up to keep_alive_timeout (the library only notices the stop
  // between requests). Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jobrec::api
