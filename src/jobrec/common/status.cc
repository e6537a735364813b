#include "jobrec/common/status.h"

#include <cstdlib>

#include "absl/strings/cord.h"

namespace jobrec::common {
namespace {
constexpr char kFieldPayload[] = "jobrec.dev/field";
constexpr char kRetryAfterPayload[] = "jobrec.dev/retry_after";
}

absl::Status InvalidField(std::string_view field, std::string_view message) {
  return WithField(absl::InvalidArgumentError(std::string(message)), field);
}

absl::Status WithField(absl::Status status, std::string_view field) {
  status.SetPayload(kFieldPayload, absl::Cord(std::string(field)));
  return status;
}

std::string FieldOf(const absl::Status& status) {
  auto payload = status.GetPayload(kFieldPayload);
  return payload ? std::string(*payload) : std::string();
}

absl::Status RateLimited(std::string_view message, int retry_after_seconds) {
  absl::Status status = absl::ResourceExhaustedError(std::string(message));
  status.SetPayload(kRetryAfterPayload, absl::Cord(std::to_string(retry_after_seconds)));
  return status;
}

int RetryAfterOf(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayload);
  return payload ? std::atoi(std::string(*payload).c_str()) : 0;
}

}  // namespace jobrec::common
