#include "jobrec/api/metrics.h"

#include <sstream>

#include <prometheus/check_names.h>
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "jobrec/common/log.h"

namespace jobrec::api {
namespace {

// Seconds; from 1 ms (a cached read) to 10 s (an LLM call that should have been a task).
const prometheus::Histogram::BucketBoundaries& DurationBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

// The server's own metrics; collectors may not add to them.
constexpr char kServerPrefix[] = "jobrec_http_";

bool IsValidSample(const GaugeSample& sample) {
  if (!prometheus::CheckMetricName(sample.name)) return false;
  for (const auto& [name, value] : sample.labels) {
    if (!prometheus::CheckLabelName(name)) return false;
  }
  return true;
}

}  // namespace

struct Metrics::Impl {
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("jobrec_http_requests_total")
          .Help("HTTP requests answered, by method, route pattern and status")
          .Register(registry);
  prometheus::Family<prometheus::Histogram>& durations =
      prometheus::BuildHistogram()
          .Name("jobrec_http_request_duration_seconds")
          .Help("Time from reading the request to writing the response, by route pattern")
          .Register(registry);
  std::vector<MetricsCollector> collectors;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  impl_->requests.Add({{"method", method}, {"route", route}, {"status", std::to_string(status)}})
      .Increment();
  impl_->durations.Add({{"route", route}}, DurationBuckets()).Observe(seconds);
}

void Metrics::AddCollector(MetricsCollector collector) {
  impl_->collectors.push_back(std::move(collector));
}

std::string Metrics::Expose() const {
  std::vector<prometheus::MetricFamily> families = impl_->registry.Collect();

  std::vector<GaugeSample> samples;
  for (const MetricsCollector& collector : impl_->collectors) collector(samples);
  std::map<std::string, size_t> gauge_index;
  for (GaugeSample& sample : samples) {
    if (!IsValidSample(sample) || sample.name.rfind(kServerPrefix, 0) == 0) {
      log::Warn("metrics_sample_dropped", {{"name", sample.name}});
      continue;
    }
    auto [it, inserted] = gauge_index.try_emplace(sample.name, families.size());
    if (inserted) {
      families.push_back({.name = sample.name, .help = sample.help,
                          .type = prometheus::MetricType::Gauge});
    }
    prometheus::ClientMetric metric;
    for (auto& [name, value] : sample.labels) metric.label.push_back({name, value});
    metric.gauge.value = sample.value;
    families[it->second].metric.push_back(std::move(metric));
  }

  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace jobrec::api
