#include "jobrec/index/posting_filter.h"

namespace jobrec::index {

RemoteModes AcceptedModes(RemotePreference preference) {
  switch (preference) {
    case RemotePreference::kAny:
      return RemoteModes::Any();
    case RemotePreference::kRemote:
      return RemoteModes::Of({RemoteMode::kRemote, RemoteMode::kUnknown});
    case RemotePreference::kHybrid:
      return RemoteModes::Of({RemoteMode::kHybrid, RemoteMode::kRemote, RemoteMode::kUnknown});
    case RemotePreference::kOnsite:
      return RemoteModes::Of({RemoteMode::kOnsite, RemoteMode::kHybrid, RemoteMode::kUnknown});
  }
  return RemoteModes::Any();
}

bool SearchFilter::HasAttributeConstraints() const {
  return !remote_modes.IsAny() || !locations.empty() || min_salary.has_value() ||
         posted_within_days.has_value();
}

}  // namespace jobrec::index
