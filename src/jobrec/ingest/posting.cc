#include "jobrec/ingest/posting.h"

#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {

const char* RemoteModeName(RemoteMode mode) {
  switch (mode) {
    case RemoteMode::kOnsite:
      return "onsite";
    case RemoteMode::kHybrid:
      return "hybrid";
    case RemoteMode::kRemote:
      return "remote";
    case RemoteMode::kUnknown:
      break;
  }
  return "unknown";
}

std::string RawJson(const nlohmann::json& item) {
  return item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<RemoteMode> ParseRemoteMode(const std::string& text) {
  const std::string name = AsciiLower(text);
  for (RemoteMode mode :
       {RemoteMode::kUnknown, RemoteMode::kOnsite, RemoteMode::kHybrid, RemoteMode::kRemote}) {
    if (name == RemoteModeName(mode)) return mode;
  }
  return std::nullopt;
}

}  // namespace jobrec::ingest
