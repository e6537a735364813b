// AWS credentials and where they come from: the standard environment variables, or the
// instance role through the instance metadata service (IMDSv2).
//
// Thread-safety: providers are safe to share between threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/cloud/instance_metadata.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // When temporary credentials stop working; nullopt for long-term keys.
  std::optional<std::chrono::system_clock::time_point> expiration;
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Credentials valid for at least a few more minutes. Errors: FailedPrecondition when none are
  // configured, Unavailable when the source cannot be reached, Internal for a malformed answer.
  virtual absl::StatusOr<AwsCredentials> Get() = 0;
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optional AWS_SESSION_TOKEN from `environ`
// ("NAME=value" entries). nullopt when AWS_ACCESS_KEY_ID is unset; InvalidArgument when only one
// of the two keys is set.
absl::StatusOr<std::optional<AwsCredentials>> CredentialsFromEnvironment(
    const std::vector<std::string>& environ);

// AWS_REGION, else AWS_DEFAULT_REGION, else "".
std::string RegionFromEnvironment(const std::vector<std::string>& environ);

// The process environment as "NAME=value" entries.
std::vector<std::string> ProcessEnvironment();

// Fixed credentials (from the environment or a test).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(AwsCredentials credentials)
      : credentials_(std::move(credentials)) {}
  absl::StatusOr<AwsCredentials> Get() override { return credentials_; }

 private:
  const AwsCredentials credentials_;
};

// The instance role's temporary credentials: GET iam/security-credentials/ names the role,
// GET iam/security-credentials/ROLE returns them as JSON. Cached until `refresh_before`
// ahead of their Expiration, then fetched again.
class InstanceRoleCredentialsProvider final : public CredentialsProvider {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // `metadata` must outlive the provider.
  explicit InstanceRoleCredentialsProvider(
      InstanceMetadata* metadata, std::chrono::seconds refresh_before = std::chrono::minutes(5),
      Clock clock = [] { return std::chrono::system_clock::now(); });

  absl::StatusOr<AwsCredentials> Get() override;

 private:
  absl::StatusOr<AwsCredentials> Fetch();

  InstanceMetadata* metadata_;
  const std::chrono::seconds refresh_before_;
  const Clock clock_;
  std::mutex mu_;  // held while fetching, so that concurrent callers fetch once
  std::optional<AwsCredentials> cached_;
};

// The environment's keys when AWS_ACCESS_KEY_ID is set, otherwise the instance role through
// `metadata` (which must outlive the provider).
absl::StatusOr<std::unique_ptr<CredentialsProvider>> NewDefaultCredentialsProvider(
    const std::vector<std::string>& environ, InstanceMetadata* metadata);

// Parses the instance role document {"Code":"Success","AccessKeyId":…,"SecretAccessKey":…,
// "Token":…,"Expiration":"2024-01-01T12:00:00Z"}. Internal on anything else.
absl::StatusOr<AwsCredentials> ParseInstanceRoleCredentials(const std::string& json);

}  // namespace jobrec::cloud
