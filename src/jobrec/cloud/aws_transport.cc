#include "jobrec/cloud/aws_transport.h"

#include <algorithm>
#include <thread>

#include "jobrec/cloud/aws_error.h"
#include "jobrec/cloud/sigv4.h"
#include "jobrec/common/log.h"

namespace jobrec::cloud {

absl::StatusOr<std::string> NormalizeEndpoint(std::string endpoint) {
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  const size_t scheme_end = endpoint.find("://");
  const std::string scheme = endpoint.substr(0, scheme_end);
  const bool ok = scheme_end != std::string::npos && (scheme == "http" || scheme == "https") &&
                  endpoint.size() > scheme_end + 3 &&
                  endpoint.find_first_of("/?#@ ", scheme_end + 3) == std::string::npos;
  if (!ok) {
    return absl::InvalidArgumentError(
        "endpoint must be http(s)://host[:port] without a path: " + endpoint);
  }
  return endpoint;
}

AwsTransport::AwsTransport(common::HttpClient* http, CredentialsProvider* credentials,
                           std::string region, std::string service, AwsRetryOptions retry)
    : http_(http),
      credentials_(credentials),
      region_(std::move(region)),
      service_(std::move(service)),
      retry_(retry) {}

std::chrono::milliseconds AwsTransport::Backoff(int attempt) {
  const int shift = std::min(attempt - 1, 30);
  const int64_t capped = std::min<int64_t>(retry_.backoff_base.count() * (int64_t{1} << shift),
                                           retry_.backoff_max.count());
  std::lock_guard lock(mu_);
  std::uniform_int_distribution<int64_t> jitter(0, capped / 2);
  return std::chrono::milliseconds(capped - capped / 2 + jitter(random_));
}

absl::StatusOr<common::HttpResponse> AwsTransport::Send(common::HttpRequest request) {
  request.retry = false;
  const int max_attempts = std::max(1, retry_.max_attempts);
  absl::Status last;
  for (int attempt = 1;; ++attempt) {
    JOBREC_ASSIGN_OR_RETURN(AwsCredentials credentials, credentials_->Get());
    common::HttpRequest signed_request = request;
    JOBREC_RETURN_IF_ERROR(SignRequest(signed_request, credentials,
                                       {.region = region_,
                                        .service = service_,
                                        .time = std::chrono::system_clock::now()})
                               .status());
    absl::StatusOr<common::HttpResponse> response = http_->Send(signed_request);
    bool retryable = false;
    if (!response.ok()) {
      last = response.status();
      retryable = absl::IsUnavailable(last) || absl::IsDeadlineExceeded(last);
    } else if (response->status >= 200 && response->status < 300) {
      return response;
    } else {
      const AwsError error = ParseAwsError(response->status, response->body);
      last = AwsErrorToStatus(service_, error);
      retryable = response->status >= 500 || IsThrottlingCode(error.code);
    }
    if (!retryable || attempt >= max_attempts) return last;
    const std::chrono::milliseconds delay = Backoff(attempt);
    log::Warn("aws_retry", {{"service", service_},
                            {"attempt", attempt},
                            {"error", std::string(last.message())},
                            {"delay_ms", delay.count()}});
    std::this_thread::sleep_for(delay);
  }
}

}  // namespace jobrec::cloud
