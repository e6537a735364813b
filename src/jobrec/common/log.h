// Structured logging facade. One event name plus JSON fields per line: JSON lines when
// stderr is not a terminal (or when configured), "time LEVEL event k=v ..." otherwise.
// Thread-safe. Fields set with ScopedLogContext (request id, task id) are added to every
// line the current thread writes while the scope lives.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace jobrec::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class Format { kAuto, kText, kJson };

// Configures the process-wide logger. Safe to call again (tests do); the last call wins.
void Init(Format format, Level min_level);
// Sends log lines to `path` instead of stderr (used by tests to inspect what was logged).
void InitToFile(const std::string& path, Format format, Level min_level);

void Write(Level level, std::string_view event, const nlohmann::json& fields);
inline void Debug(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kDebug, event, fields);
}
inline void Info(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kError, event, fields);
}

// Parses "debug" | "info" | "warn" | "error"; returns false on anything else.
bool ParseLevel(std::string_view text, Level* level);
// Parses "auto" | "text" | "json"; returns false on anything else.
bool ParseFormat(std::string_view text, Format* format);

// Adds key=value to every line written by this thread until destroyed. Nestable.
class ScopedLogContext {
 public:
  ScopedLogContext(std::string key, std::string value);
  ~ScopedLogContext();
  ScopedLogContext(const ScopedLogContext&) = delete;
  ScopedLogContext& operator=(const ScopedLogContext&) = delete;

 private:
  std::string key_;
  bool had_previous_ = false;
  std::string previous_;
};

}  // namespace jobrec::log
