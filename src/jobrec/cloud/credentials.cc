#include "jobrec/cloud/credentials.h"

#include <unistd.h>

#include <ctime>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "jobrec/common/log.h"

namespace jobrec::cloud {
namespace {

std::string Lookup(const std::vector<std::string>& environment, const std::string& name) {
  const std::string prefix = name + "=";
  for (const std::string& entry : environment) {
    if (entry.rfind(prefix, 0) == 0) return entry.substr(prefix.size());
  }
  return "";
}

// "2024-01-01T12:00:00Z" (what IMDS writes) to a time point.
absl::StatusOr<std::chrono::system_clock::time_point> ParseIso8601Utc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || (std::string(end) != "Z" && std::string(end) != "+00:00")) {
    return absl::InternalError(absl::StrCat("unexpected credentials Expiration: ", text));
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

std::vector<std::string> ProcessEnvironment() {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  return entries;
}

absl::StatusOr<std::optional<AwsCredentials>> CredentialsFromEnvironment(
    const std::vector<std::string>& environment) {
  AwsCredentials credentials{.access_key_id = Lookup(environment, "AWS_ACCESS_KEY_ID"),
                             .secret_access_key = Lookup(environment, "AWS_SECRET_ACCESS_KEY"),
                             .session_token = Lookup(environment, "AWS_SESSION_TOKEN")};
  if (credentials.access_key_id.empty() && credentials.secret_access_key.empty()) {
    return std::nullopt;
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return absl::InvalidArgumentError(
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  }
  return credentials;
}

std::string RegionFromEnvironment(const std::vector<std::string>& environment) {
  std::string region = Lookup(environment, "AWS_REGION");
  return region.empty() ? Lookup(environment, "AWS_DEFAULT_REGION") : region;
}

absl::StatusOr<AwsCredentials> ParseInstanceRoleCredentials(const std::string& json) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    return absl::InternalError("instance role credentials are not a JSON object");
  }
  auto field = [&](const char* name) -> std::string {
    auto it = document.find(name);
    return it != document.end() && it->is_string() ? it->get<std::string>() : "";
  };
  if (field("Code") != "Success") {
    return absl::InternalError(
        absl::StrCat("instance role credentials not available: Code=", field("Code")));
  }
  AwsCredentials credentials{.access_key_id = field("AccessKeyId"),
                             .secret_access_key = field("SecretAccessKey"),
                             .session_token = field("Token")};
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty() ||
      credentials.session_token.empty()) {
    return absl::InternalError("instance role credentials lack a key or token");
  }
  JOBREC_ASSIGN_OR_RETURN(credentials.expiration, ParseIso8601Utc(field("Expiration")));
  return credentials;
}

InstanceRoleCredentialsProvider::InstanceRoleCredentialsProvider(InstanceMetadata* metadata,
                                                                 std::chrono::seconds refresh_before,
                                                                 Clock clock)
    : metadata_(metadata), refresh_before_(refresh_before), clock_(std::move(clock)) {}

absl::StatusOr<AwsCredentials> InstanceRoleCredentialsProvider::Get() {
  std::lock_guard lock(mu_);
  if (cached_ && cached_->expiration && clock_() + refresh_before_ < *cached_->expiration) {
    return *cached_;
  }
  absl::StatusOr<AwsCredentials> fresh = Fetch();
  if (!fresh.ok()) {
    // A metadata hiccup inside the refresh window need not fail callers while the cached
    // credentials still work.
    if (cached_ && clock_() < *cached_->expiration) {
      log::Warn("aws_credentials_refresh_failed", {{"error", std::string(fresh.status().message())}});
      return *cached_;
    }
    return fresh.status();
  }
  cached_ = *fresh;
  return fresh;
}

absl::StatusOr<AwsCredentials> InstanceRoleCredentialsProvider::Fetch() {
  auto roles = metadata_->Get("iam/security-credentials/");
  if (absl::IsNotFound(roles.status())) {
    return absl::FailedPreconditionError("this instance has no IAM role");
  }
  if (!roles.ok()) return roles.status();
  // One role name per line; an instance profile holds exactly one role.
  std::vector<std::string> names = absl::StrSplit(*roles, '\n', absl::SkipWhitespace());
  if (names.empty()) return absl::FailedPreconditionError("this instance has no IAM role");
  JOBREC_ASSIGN_OR_RETURN(std::string document,
                          metadata_->Get("iam/security-credentials/" + names.front()));
  JOBREC_ASSIGN_OR_RETURN(AwsCredentials credentials, ParseInstanceRoleCredentials(document));
  log::Info("aws_credentials_refreshed",
            {{"source", "instance_role"},
             {"role", names.front()},
             {"expires_in_s", std::chrono::duration_cast<std::chrono::seconds>(
                                  *credentials.expiration - clock_())
                                  .count()}});
  return credentials;
}

absl::StatusOr<std::unique_ptr<CredentialsProvider>> NewDefaultCredentialsProvider(
    const std::vector<std::string>& environment, InstanceMetadata* metadata) {
  JOBREC_ASSIGN_OR_RETURN(std::optional<AwsCredentials> from_environment,
                          CredentialsFromEnvironment(environment));
  if (from_environment) {
    return std::make_unique<StaticCredentialsProvider>(std::move(*from_environment));
  }
  return std::make_unique<InstanceRoleCredentialsProvider>(metadata);
}

}  // namespace jobrec::cloud
