// Sends signed requests to one AWS service: signs each attempt afresh (a new X-Amz-Date, and
// credentials that may have been refreshed), and retries with exponential backoff and jitter
// on transport failures, 5xx answers and throttling error codes (EC2's RequestLimitExceeded
// comes as 503, Route 53's Throttling as 400), so callers see throttling only once it has
// outlasted every attempt — as Unavailable carrying the AWS code. The HTTP client's own
// retries are switched off for these requests: this layer owns them.
//
// Only idempotent requests belong here (EC2 RunInstances is made so by its ClientToken).
//
// Thread-safety: safe to share between threads.
#pragma once

#include <chrono>
#include <mutex>
#include <random>
#include <string>

#include "jobrec/cloud/credentials.h"
#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct AwsRetryOptions {
  int max_attempts = 5;  // including the first
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{20'000};
};

class AwsTransport {
 public:
  // `http` and `credentials` must outlive the transport.
  AwsTransport(common::HttpClient* http, CredentialsProvider* credentials, std::string region,
               std::string service, AwsRetryOptions retry = {});

  // Returns the 2xx response. Errors: the AwsErrorToStatus of the last error answer; the HTTP
  // client's status for transport failures after the last attempt; the credentials
  // provider's error; InvalidArgument for a request that cannot be signed.
  absl::StatusOr<common::HttpResponse> Send(common::HttpRequest request);

  const std::string& region() const { return region_; }

 private:
  std::chrono::milliseconds Backoff(int attempt);

  common::HttpClient* http_;
  CredentialsProvider* credentials_;
  const std::string region_;
  const std::string service_;
  const AwsRetryOptions retry_;
  std::mutex mu_;  // guards random_
  std::mt19937_64 random_{std::random_device{}()};
};

// An endpoint URL without its trailing slashes. InvalidArgument unless it is an http(s) URL
// with a host and no path, query or user information.
absl::StatusOr<std::string> NormalizeEndpoint(std::string endpoint);

}  // namespace jobrec::cloud
