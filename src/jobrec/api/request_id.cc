#include "jobrec/api/request_id.h"

#include <algorithm>
#include <random>

#include "absl/strings/ascii.h"

namespace jobrec::api {

bool IsValidRequestId(const std::string& id) {
  return !id.empty() && id.size() <= kMaxRequestIdLength &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
         });
}

std::string NewRequestId() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (size_t i = 0; i < id.size(); i += 16) {
    uint64_t bits = engine();
    for (size_t j = 0; j < 16; ++j, bits >>= 4) id[i + j] = kHex[bits & 0xf];
  }
  return id;
}

std::string ChooseRequestId(const std::optional<std::string>& incoming) {
  return incoming && IsValidRequestId(*incoming) ? *incoming : NewRequestId();
}

}  // namespace jobrec::api
