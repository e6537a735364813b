#include "jobrec/tasks/task_context.h"

#include <algorithm>
#include <cmath>

namespace jobrec::tasks {

void TaskContext::ReportProgress(double fraction, const std::string& note) const {
  if (!std::isfinite(fraction)) fraction = 0;
  std::lock_guard lock(progress_mutex_);
  progress_ = nlohmann::json{{"fraction", std::clamp(fraction, 0.0, 1.0)}, {"note", note}};
}

std::optional<nlohmann::json> TaskContext::TakeProgress() {
  std::lock_guard lock(progress_mutex_);
  std::optional<nlohmann::json> out = std::move(progress_);
  progress_.reset();
  return out;
}

}  // namespace jobrec::tasks
