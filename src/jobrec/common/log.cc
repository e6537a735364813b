#include "jobrec/common/log.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace jobrec::log {
namespace {

struct LoggerState {
  std::mutex mu;
  std::shared_ptr<spdlog::logger> logger;
  bool json = false;
  Level min_level = Level::kInfo;
};

LoggerState& State() {
  static LoggerState* state = [] {
    auto* s = new LoggerState();
    s->logger = std::make_shared<spdlog::logger>(
        "jobrec", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    s->logger->set_pattern("%v");
    s->json = !isatty(STDERR_FILENO);
    return s;
  }();
  return *state;
}

thread_local std::map<std::string, std::string> tls_context;

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

std::string NowIso8601() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ", static_cast<int>(millis.count()));
  return buf;
}

void Configure(std::shared_ptr<spdlog::sinks::sink> sink, Format format, Level min_level, bool is_tty) {
  auto& s = State();
  std::lock_guard lock(s.mu);
  s.logger = std::make_shared<spdlog::logger>("jobrec", std::move(sink));
  s.logger->set_pattern("%v");
  s.logger->flush_on(spdlog::level::trace);
  s.json = format == Format::kJson || (format == Format::kAuto && !is_tty);
  s.min_level = min_level;
}

}  // namespace

void Init(Format format, Level min_level) {
  Configure(std::make_shared<spdlog::sinks::stderr_sink_mt>(), format, min_level,
            isatty(STDERR_FILENO));
}

void InitToFile(const std::string& path, Format format, Level min_level) {
  Configure(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path), format, min_level, false);
}

void Write(Level level, std::string_view event, const nlohmann::json& fields) {
  auto& s = State();
  std::shared_ptr<spdlog::logger> logger;
  bool json;
  {
    std::lock_guard lock(s.mu);
    if (level < s.min_level) return;
    logger = s.logger;
    json = s.json;
  }
  std::string line;
  if (json) {
    nlohmann::json obj = {{"ts", NowIso8601()}, {"level", LevelName(level)}, {"event", event}};
    for (const auto& [k, v] : tls_context) obj[k] = v;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) obj[k] = v;
    }
    line = obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = NowIso8601() + " " + LevelName(level) + " " + std::string(event);
    for (const auto& [k, v] : tls_context) line += " " + k + "=" + v;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) {
        line += " " + k + "=" +
                (v.is_string() ? v.get<std::string>()
                               : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
  }
  logger->info(line);
}

bool ParseLevel(std::string_view text, Level* level) {
  static const std::map<std::string_view, Level> kLevels = {
      {"debug", Level::kDebug}, {"info", Level::kInfo}, {"warn", Level::kWarn}, {"error", Level::kError}};
  auto it = kLevels.find(text);
  if (it == kLevels.end()) return false;
  *level = it->second;
  return true;
}

bool ParseFormat(std::string_view text, Format* format) {
  static const std::map<std::string_view, Format> kFormats = {
      {"auto", Format::kAuto}, {"text", Format::kText}, {"json", Format::kJson}};
  auto it = kFormats.find(text);
  if (it == kFormats.end()) return false;
  *format = it->second;
  return true;
}

ScopedLogContext::ScopedLogContext(std::string key, std::string value) : key_(std::move(key)) {
  auto it = tls_context.find(key_);
  if (it != tls_context.end()) {
    had_previous_ = true;
    previous_ = it->second;
  }
  tls_context[key_] = std::move(value);
}

ScopedLogContext::~ScopedLogContext() {
  if (had_previous_) {
    tls_context[key_] = previous_;
  } else {
    tls_context.erase(key_);
  }
}

}  // namespace jobrec::log
