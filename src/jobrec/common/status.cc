#include "jobrec/common/status.h"

#include "absl/strings/cord.h"

namespace jobrec::common {
namespace {
constexpr char kFieldPayload[] = "jobrec.dev/field";
}

absl::Status InvalidField(std::string_view field, std::string_view message) {
  absl::Status status = absl::InvalidArgumentError(std::string(message));
  status.SetPayload(kFieldPayload, absl::Cord(std::string(field)));
  return status;
}

std::string FieldOf(const absl::Status& status) {
  auto payload = status.GetPayload(kFieldPayload);
  return payload ? std::string(*payload) : std::string();
}

}  // namespace jobrec::common
