#include "jobrec/tasks/task_handler_registry.h"

#include "absl/strings/str_cat.h"

namespace jobrec::tasks {

absl::Status TaskHandlerRegistry::Register(const std::string& kind, TaskHandler handler) {
  if (kind.empty()) return absl::InvalidArgumentError("task kind must not be empty");
  if (!handler) return absl::InvalidArgumentError(absl::StrCat("empty handler for task kind '", kind, "'"));
  if (!handlers_.emplace(kind, std::move(handler)).second) {
    return absl::AlreadyExistsError(absl::StrCat("task kind '", kind, "' already has a handler"));
  }
  return absl::OkStatus();
}

const TaskHandler* TaskHandlerRegistry::Find(const std::string& kind) const {
  auto it = handlers_.find(kind);
  return it == handlers_.end() ? nullptr : &it->second;
}

std::vector<std::string> TaskHandlerRegistry::Kinds() const {
  std::vector<std::string> kinds;
  for (const auto& [kind, handler] : handlers_) kinds.push_back(kind);
  return kinds;
}

}  // namespace jobrec::tasks
