#include "jobrec/store/store_options.h"

#include <filesystem>
#include <regex>

#include "absl/strings/str_cat.h"

namespace jobrec::store {
namespace {

absl::Status InvalidKey(const common::Config& config, const std::string& key,
                        const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("config key '", key, "' (", config.SourceOf(key), "): ", why));
}

}  // namespace

std::vector<common::ConfigKey> StoreConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "state_dir", .type = ConfigType::kString, .default_value = "./var",
       .help = "folder for local state: the embedded PostgreSQL cluster, models, snapshots"},
      {.name = "database.url", .type = ConfigType::kString, .default_value = "",
       .help = "libpq URL of the PostgreSQL server; empty runs an embedded cluster under state_dir",
       .secret = true},
      {.name = "database.pool_size", .type = ConfigType::kInt, .default_value = "8",
       .help = "connections per process", .min = 1, .max = 500},
      {.name = "database.checkout_timeout", .type = ConfigType::kDuration, .default_value = "5s",
       .help = "how long a caller waits for a free pooled connection", .min = 0.001, .max = 600},
      {.name = "database.embedded_os_user", .type = ConfigType::kString, .default_value = "jobrec",
       .help = "OS user the embedded cluster runs as when jobrec runs as root (created if missing)"},
  };
}

absl::StatusOr<StoreOptions> StoreOptionsFromConfig(const common::Config& config) {
  StoreOptions options;
  options.database_url = config.GetString("database.url");
  const std::string& state_dir = config.GetString("state_dir");
  if (state_dir.empty()) return InvalidKey(config, "state_dir", "must not be empty");
  std::error_code error;
  options.state_dir = std::filesystem::absolute(state_dir, error).lexically_normal().string();
  if (error) return InvalidKey(config, "state_dir", error.message());
  if (options.state_dir.size() > 1 && options.state_dir.back() == '/') options.state_dir.pop_back();
  options.pool_size = static_cast<int>(config.GetInt("database.pool_size"));
  options.checkout_timeout = config.GetDuration("database.checkout_timeout");
  options.embedded_os_user = config.GetString("database.embedded_os_user");
  static const std::regex kUserName("^[a-z_][a-z0-9_-]{0,31}$");
  if (!std::regex_match(options.embedded_os_user, kUserName)) {
    return InvalidKey(config, "database.embedded_os_user",
                      absl::StrCat("'", options.embedded_os_user,
                                   "' is not a valid user name (lower case letters, digits, _ and -)"));
  }
  return options;
}

}  // namespace jobrec::store
