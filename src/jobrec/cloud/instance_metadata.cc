#include "jobrec/cloud/instance_metadata.h"

#include "absl/strings/str_cat.h"

namespace jobrec::cloud {
namespace {

constexpr char kTokenHeader[] = "X-aws-ec2-metadata-token";
constexpr char kTokenTtlHeader[] = "X-aws-ec2-metadata-token-ttl-seconds";
// A token is replaced this long before IMDS would stop accepting it.
constexpr std::chrono::seconds kTokenMargin{60};

}  // namespace

InstanceMetadata::InstanceMetadata(common::HttpClient* http, InstanceMetadataOptions options)
    : http_(http), options_(std::move(options)) {}

absl::StatusOr<std::string> InstanceMetadata::Token(bool force_refresh) {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (!force_refresh && !token_.empty() && now < token_expiry_) return token_;
  JOBREC_ASSIGN_OR_RETURN(
      common::HttpResponse response,
      http_->Send({.method = "PUT",
                   .url = options_.endpoint + "/latest/api/token",
                   .headers = {{kTokenTtlHeader, std::to_string(options_.token_ttl.count())}},
                   .timeout = options_.timeout}));
  if (response.status != 200 || response.body.empty()) {
    return absl::UnavailableError(
        absl::StrCat("IMDSv2 token request answered HTTP ", response.status));
  }
  token_ = response.body;
  token_expiry_ = now + std::max(options_.token_ttl - kTokenMargin, options_.token_ttl / 2);
  return token_;
}

absl::StatusOr<std::string> InstanceMetadata::Get(const std::string& path) {
  const std::string url = absl::StrCat(options_.endpoint, "/latest/meta-data/", path);
  for (bool refreshed : {false, true}) {
    JOBREC_ASSIGN_OR_RETURN(std::string token, Token(/*force_refresh=*/refreshed));
    JOBREC_ASSIGN_OR_RETURN(
        common::HttpResponse response,
        http_->Send({.url = url, .headers = {{kTokenHeader, token}}, .timeout = options_.timeout}));
    if (response.status == 200) return response.body;
    if (response.status == 404) {
      return absl::NotFoundError(absl::StrCat("instance metadata has no ", path));
    }
    if (response.status != 401) {
      return absl::UnavailableError(
          absl::StrCat("instance metadata ", path, " answered HTTP ", response.status));
    }
    // 401: the token expired or IMDS restarted; one fresh token, then give up.
  }
  return absl::PermissionDeniedError(
      absl::StrCat("instance metadata refused a fresh IMDSv2 token for ", path));
}

}  // namespace jobrec::cloud
