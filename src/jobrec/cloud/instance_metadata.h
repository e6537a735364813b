// The EC2 instance metadata service through IMDSv2: a session token from
// PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds), then every GET carries it in
// X-aws-ec2-metadata-token. The token is cached until shortly before its TTL ends, and fetched
// again when the service answers 401 (it expired or the service restarted).
//
// Thread-safety: safe to share between threads.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct InstanceMetadataOptions {
  std::string endpoint = "http://169.254.169.254";  // tests point it at 127.0.0.1
  std::chrono::seconds token_ttl{21600};            // the most IMDS grants
  std::chrono::milliseconds timeout{2000};          // per request; IMDS is link-local
};

class InstanceMetadata {
 public:
  // `http` must outlive this object.
  InstanceMetadata(common::HttpClient* http, InstanceMetadataOptions options = {});

  // The body of GET /latest/meta-data/<path>. Errors: NotFound (404: no such item, e.g.
  // public-ipv4 on an instance without one), Unavailable (not on EC2, or IMDS failing),
  // PermissionDenied (a token was refused twice).
  absl::StatusOr<std::string> Get(const std::string& path);

  absl::StatusOr<std::string> PublicIpv4() { return Get("public-ipv4"); }
  absl::StatusOr<std::string> InstanceId() { return Get("instance-id"); }
  absl::StatusOr<std::string> Region() { return Get("placement/region"); }

 private:
  absl::StatusOr<std::string> Token(bool force_refresh);

  common::HttpClient* http_;
  const InstanceMetadataOptions options_;
  std::mutex mu_;  // guards token_ and token_expiry_
  std::string token_;
  std::chrono::steady_clock::time_point token_expiry_;
};

}  // namespace jobrec::cloud
