#include "jobrec/common/log_options.h"

#include "jobrec/common/log.h"

namespace jobrec::common {

std::vector<ConfigKey> LogConfigKeys() {
  return {
      {.name = "log.level", .type = ConfigType::kEnum, .default_value = "info",
       .help = "lowest level written", .choices = {"debug", "info", "warn", "error"}},
      {.name = "log.format", .type = ConfigType::kEnum, .default_value = "auto",
       .help = "auto: JSON lines unless stderr is a terminal", .choices = {"auto", "text", "json"}},
  };
}

void InitLogFromConfig(const Config& config) {
  log::Level level = log::Level::kInfo;
  log::Format format = log::Format::kAuto;
  log::ParseLevel(config.GetString("log.level"), &level);
  log::ParseFormat(config.GetString("log.format"), &format);
  log::Init(format, level);
}

}  // namespace jobrec::common
