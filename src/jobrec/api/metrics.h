// Prometheus metrics of the server: request counts and latencies recorded by the server, plus
// gauges that other components report through collectors (database pool use, task queue depth
// by kind and state), gathered at each scrape of /metrics.
//
//   jobrec_http_requests_total{method, route, status}   counter
//   jobrec_http_request_duration_seconds{route}          histogram
// `route` is the route pattern ("/api/v1/jobs/{id}", "static", "unmatched"), never the raw
// path, so the number of series stays bounded.
//
// Thread-safety: Observe and Expose may be called concurrently; AddCollector only before the
// server starts. Collectors run on the scraping thread and must be thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jobrec::api {

struct GaugeSample {
  std::string name;  // a Prometheus metric name: "jobrec_tasks", "jobrec_db_pool_in_use"
  std::string help;  // the first sample of a name supplies its help text
  std::map<std::string, std::string> labels;  // {"kind": "embed", "state": "queued"}
  double value = 0;
};

// Appends the current value of each gauge it reports. Called once per scrape.
using MetricsCollector = std::function<void(std::vector<GaugeSample>& out)>;

// The content type of Expose()'s output.
inline constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  void AddCollector(MetricsCollector collector);

  // Every metric in the Prometheus text exposition format. Collector samples with an invalid
  // metric or label name, or a name in the server's own jobrec_http_ namespace, are dropped
  // and logged.
  std::string Expose() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jobrec::api
