#include "jobrec/api/server.h"

#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <set>
#include <thread>

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/http_error.h"
#include "jobrec/api/request_id.h"
#include "jobrec/common/log.h"

namespace jobrec::api {
namespace {

using Clock = std::chrono::steady_clock;
using HandlerResponse = httplib::Server::HandlerResponse;

// Exposes the listening socket, which the library only lets subclasses see, so the accept
// backlog can be raised from the library's compiled-in 5.
class HttplibServer : public httplib::Server {
 public:
  int listening_socket() const { return svr_sock_; }
};

// What the server knows about the request the current thread is answering. The library calls
// the pre-routing handler, the route handler, the error handler and the logger for one request
// on one worker thread, one request at a time, without a place to pass state between them.
struct Exchange {
  bool active = false;
  Clock::time_point start;
  std::string request_id;
  std::string route;  // empty until the router has seen the request
  bool quiet = false;
};
thread_local Exchange tls_exchange;

Exchange& BeginExchange(const httplib::Request& req) {
  std::optional<std::string> incoming;
  if (req.has_header(kRequestIdHeader)) incoming = req.get_header_value(kRequestIdHeader);
  tls_exchange = Exchange{.active = true, .start = Clock::now(),
                          .request_id = ChooseRequestId(incoming)};
  return tls_exchange;
}

// Requests the library rejects before routing (a malformed request line) skip pre-routing.
Exchange& CurrentExchange(const httplib::Request& req) {
  return tls_exchange.active ? tls_exchange : BeginExchange(req);
}

std::string PathOf(const std::string& target) { return target.substr(0, target.find('?')); }

// A bounded label for metrics: a client can send any token as the method.
std::string MethodLabel(const std::string& method) {
  static const std::set<std::string> kKnown = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  return kKnown.contains(method) ? method : "other";
}

bool MayHaveBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::shared_ptr<const Router> router;
  std::shared_ptr<Metrics> metrics;
  HttplibServer http;
  std::jthread listener;
  std::atomic<bool> listener_done{false};
  int port = 0;
  bool stopped = false;

  void Configure();
  void Handle(const httplib::Request& req, httplib::Response& res, std::string body);
  void Write(Response response, httplib::Response& res) const;
  HandlerResponse PreRouting(const httplib::Request& req, httplib::Response& res);
  void Log(const httplib::Request& req, const httplib::Response& res) const;
};

void Server::Impl::Configure() {
  http.new_task_queue = [threads = options.threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  // The library's default also sets SO_REUSEPORT, which would let a second `jobrec serve`
  // bind the same port and silently share its traffic. SO_REUSEADDR alone still allows a
  // restart while old connections sit in TIME_WAIT.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http.set_keep_alive_max_count(options.keep_alive_max_count);
  http.set_keep_alive_timeout(options.keep_alive_timeout.count());
  http.set_read_timeout(options.read_timeout);
  http.set_write_timeout(options.write_timeout);
  http.set_payload_max_length(options.max_body_bytes);

  http.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return PreRouting(req, res); });
  auto handle = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res, req.body); };
  http.Get(".*", handle);
  http.Post(".*", handle);
  http.Put(".*", handle);
  http.Patch(".*", handle);
  http.Delete(".*", handle);
  http.Options(".*", handle);
  // Responses the library makes on its own (413, 400, 414) have no body: give them ours.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return HandlerResponse::Unhandled;
        Write(ErrorResponseForHttpStatus(res.status), res);
        return HandlerResponse::Handled;
      }));
  // The router catches handler exceptions; this covers the adapter itself (e.g. bad_alloc).
  http.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "non-standard exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log::Error("server_exception", {{"what", what}, {"request_id", tls_exchange.request_id}});
    res = httplib::Response();
    Write(ErrorResponse(absl::InternalError(what)), res);
  });
  http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header(kRequestIdHeader, CurrentExchange(req).request_id);
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) { Log(req, res); });
}

HandlerResponse Server::Impl::PreRouting(const httplib::Request& req, httplib::Response& res) {
  BeginExchange(req);
  if (req.has_header("Transfer-Encoding")) {
    Write(ErrorResponse(WithHttpError(
              absl::InvalidArgumentError("send the request body with a Content-Length header; "
                                         "chunked bodies are not accepted"),
              411, "length_required")),
          res);
    // The unread body is still on the connection: the client must not reuse it.
    res.set_header("Connection", "close");
    tls_exchange.route = router->RouteFor(req.method, PathOf(req.target));
    return HandlerResponse::Handled;
  }
  if (MayHaveBody(req.method) && !req.has_header("Content-Length")) {
    Handle(req, res, std::string());
    return HandlerResponse::Handled;
  }
  return HandlerResponse::Unhandled;
}

void Server::Impl::Handle(const httplib::Request& req, httplib::Response& res, std::string body) {
  Exchange& exchange = CurrentExchange(req);
  Request request{.method = req.method,
                  .path = PathOf(req.target),
                  .query = {req.params.begin(), req.params.end()},
                  .body = std::move(body),
                  .remote_addr = req.remote_addr,
                  .request_id = exchange.request_id};
  request.headers.assign(req.headers.begin(), req.headers.end());
  Response response;
  {
    log::ScopedLogContext context("request_id", exchange.request_id);
    response = router->Dispatch(request);
  }
  exchange.route = request.route;
  exchange.quiet = request.route_options.quiet;
  Write(std::move(response), res);
}

void Server::Impl::Write(Response response, httplib::Response& res) const {
  std::vector<std::string> set_cookies;
  for (const Cookie& cookie : response.cookies) {
    absl::StatusOr<std::string> header = FormatSetCookie(cookie, options.cookie_secure);
    if (!header.ok()) {
      log::Error("bad_cookie", {{"error", std::string(header.status().message())}});
      response = ErrorResponse(absl::InternalError("bad cookie"));
      set_cookies.clear();
      break;
    }
    set_cookies.push_back(*std::move(header));
  }
  res.status = response.status;
  for (auto& [name, value] : response.headers) res.set_header(name, value);
  for (const std::string& header : set_cookies) res.set_header("Set-Cookie", header);
  if (!response.body.empty() || !response.content_type.empty()) {
    res.set_content(std::move(response.body),
                    response.content_type.empty() ? "application/octet-stream" : response.content_type);
  }
}

void Server::Impl::Log(const httplib::Request& req, const httplib::Response& res) const {
  Exchange& exchange = CurrentExchange(req);
  double seconds = std::chrono::duration<double>(Clock::now() - exchange.start).count();
  std::string route = exchange.route.empty() ? router->RouteFor(req.method, PathOf(req.target))
                                             : exchange.route;
  std::string method = MethodLabel(req.method);
  metrics->Observe(method, route, res.status, seconds);
  nlohmann::json fields = {{"method", method},
                           {"route", route},
                           {"status", res.status},
                           {"duration_ms", std::round(seconds * 1e6) / 1e3},
                           {"bytes", res.body.size()},
                           {"request_id", exchange.request_id}};
  log::Write(exchange.quiet ? log::Level::kDebug : log::Level::kInfo, "http_request", fields);
  exchange.active = false;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      std::shared_ptr<const Router> router,
                                                      std::shared_ptr<Metrics> metrics) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->router = std::move(router);
  impl->metrics = std::move(metrics);
  impl->Configure();

  errno = 0;
  int port = options.port == 0 ? impl->http.bind_to_any_port(options.host)
                               : (impl->http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    int error = errno;
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.host, ":", options.port,
                                               error ? absl::StrCat(" (", std::strerror(error), ")") : ""));
  }
  impl->port = port;
  if (::listen(impl->http.listening_socket(), options.listen_backlog) != 0) {
    log::Warn("listen_backlog_not_set", {{"error", std::strerror(errno)}});
  }

  Impl* raw = impl.get();
  raw->listener = std::jthread([raw] {
    raw->http.listen_after_bind();
    raw->listener_done = true;
  });
  // Stop() only works once the accept loop runs; bound connections wait in the backlog.
  while (!raw->http.is_running() && !raw->listener_done) std::this_thread::yield();
  if (!raw->http.is_running()) {
    raw->listener.join();
    return absl::UnavailableError(absl::StrCat("the server on port ", port, " stopped at once"));
  }
  log::Info("server_listening", {{"host", options.host}, {"port", port}, {"threads", options.threads}});
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

void Server::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  auto start = Clock::now();
  impl_->http.stop();
  impl_->listener.join();
  log::Info("server_stopped",
            {{"port", impl_->port},
             {"drain_ms", std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()}});
}

}  // namespace jobrec::api
