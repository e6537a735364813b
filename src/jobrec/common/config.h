// Configuration: every key the program knows is declared once (name, type, default, help),
// read from an optional TOML file and overridden by JOBREC_* environment variables, and
// validated once at start-up. A key "server.port" is `[server] port = …` in the file and
// JOBREC_SERVER_PORT in the environment. Secret keys are accepted from the environment only
// and are never printed.
//
// Thread-safety: a loaded Config is immutable and safe to share.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::common {

enum class ConfigType { kString, kInt, kDouble, kBool, kDuration, kEnum };

struct ConfigKey {
  std::string name;           // dotted, lower_snake: "server.port"
  ConfigType type = ConfigType::kString;
  std::string default_value;  // textual, as it would be written in the file
  std::string help;
  bool secret = false;                  // environment only; masked in Describe()
  double min = -1e300, max = 1e300;     // for kInt, kDouble, kDuration (seconds)
  std::vector<std::string> choices;     // for kEnum
};

// "server.port" -> "JOBREC_SERVER_PORT".
std::string EnvVarName(const std::string& key);

// Environment variables that start with this prefix are test plumbing, not configuration.
inline constexpr char kTestEnvPrefix[] = "JOBREC_TEST_";

class Config {
 public:
  // Merges defaults < file < environment. Fails with InvalidArgument naming the key (and the
  // file or variable it came from) for an unknown key, a value of the wrong type or out of
  // range, or a secret found in the file. `environ` entries are "NAME=value".
  static absl::StatusOr<Config> Load(const std::vector<ConfigKey>& keys,
                                     const std::optional<std::string>& file_path,
                                     const std::vector<std::string>& environ);
  // Reads the process environment.
  static absl::StatusOr<Config> LoadFromProcess(const std::vector<ConfigKey>& keys,
                                                const std::optional<std::string>& file_path);

  // Getters for declared keys; calling one with an undeclared key or the wrong type is a
  // programming error and aborts.
  const std::string& GetString(const std::string& key) const;
  int64_t GetInt(const std::string& key) const;
  double GetDouble(const std::string& key) const;
  bool GetBool(const std::string& key) const;
  std::chrono::milliseconds GetDuration(const std::string& key) const;
  // Where a key's value came from: "default", the file path, or the variable name.
  const std::string& SourceOf(const std::string& key) const;

  // One line per key, "name = value  (source)", with secrets masked. For `jobrec config`.
  std::string Describe() const;

 private:
  struct Entry {
    const ConfigKey* spec;
    std::string value;
    std::string source;
  };
  const Entry& Find(const std::string& key, ConfigType type) const;

  std::vector<ConfigKey> keys_;
  std::map<std::string, Entry> values_;
};

// Parses "250ms", "30s", "10m", "2h", "1d" or a bare number of seconds.
absl::StatusOr<std::chrono::milliseconds> ParseDuration(const std::string& text);

}  // namespace jobrec::common
