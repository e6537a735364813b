#include "jobrec/common/config.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <toml++/toml.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

extern char** environ;

namespace jobrec::common {
namespace {

absl::Status Invalid(const ConfigKey& key, const std::string& source, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("config key '", key.name, "' (", source, "): ", why));
}

// Checks `value` against the key's type and bounds; rewrites booleans to "true"/"false".
absl::Status Validate(const ConfigKey& key, const std::string& source, std::string& value) {
  switch (key.type) {
    case ConfigType::kString:
      return absl::OkStatus();
    case ConfigType::kInt: {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || errno != 0) {
        return Invalid(key, source, absl::StrCat("expected an integer, got '", value, "'"));
      }
      if (v < key.min || v > key.max) {
        return Invalid(key, source,
                       absl::StrCat(v, " is out of range [", key.min, ", ", key.max, "]"));
      }
      return absl::OkStatus();
    }
    case ConfigType::kDouble: {
      char* end = nullptr;
      double v = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(v)) {
        return Invalid(key, source, absl::StrCat("expected a number, got '", value, "'"));
      }
      if (v < key.min || v > key.max) {
        return Invalid(key, source,
                       absl::StrCat(v, " is out of range [", key.min, ", ", key.max, "]"));
      }
      return absl::OkStatus();
    }
    case ConfigType::kBool: {
      std::string lower = value;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") {
        value = "true";
      } else if (lower == "false" || lower == "0" || lower == "no" || lower == "off") {
        value = "false";
      } else {
        return Invalid(key, source, absl::StrCat("expected true or false, got '", value, "'"));
      }
      return absl::OkStatus();
    }
    case ConfigType::kDuration: {
      auto d = ParseDuration(value);
      if (!d.ok()) return Invalid(key, source, std::string(d.status().message()));
      double secs = d->count() / 1000.0;
      if (secs < key.min || secs > key.max) {
        return Invalid(key, source,
                       absl::StrCat(value, " is out of range [", key.min, "s, ", key.max, "s]"));
      }
      return absl::OkStatus();
    }
    case ConfigType::kEnum:
      if (std::find(key.choices.begin(), key.choices.end(), value) == key.choices.end()) {
        return Invalid(key, source,
                       absl::StrCat("expected one of ", absl::StrJoin(key.choices, ", "),
                                    "; got '", value, "'"));
      }
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

// Flattens nested TOML tables into dotted keys with textual values.
absl::Status Flatten(const toml::table& table, const std::string& prefix, const std::string& file,
                     std::map<std::string, std::string>& out) {
  for (const auto& [k, node] : table) {
    std::string name = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      JOBREC_RETURN_IF_ERROR(Flatten(*sub, name, file, out));
    } else if (auto s = node.value<std::string>(); s && node.is_string()) {
      out[name] = *s;
    } else if (node.is_integer()) {
      out[name] = std::to_string(*node.value<int64_t>());
    } else if (node.is_floating_point()) {
      std::ostringstream os;
      os << *node.value<double>();
      out[name] = os.str();
    } else if (node.is_boolean()) {
      out[name] = *node.value<bool>() ? "true" : "false";
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "config key '", name, "' (", file, "): arrays and dates are not supported here"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string EnvVarName(const std::string& key) {
  std::string out = "JOBREC_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

absl::StatusOr<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  if (text.empty()) return absl::InvalidArgumentError("expected a duration such as 30s, got ''");
  size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.')) ++pos;
  std::string number = text.substr(0, pos), unit = text.substr(pos);
  char* end = nullptr;
  double v = std::strtod(number.c_str(), &end);
  if (number.empty() || *end != '\0' || v < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a duration such as 250ms, 30s, 10m or 2h; got '", text, "'"));
  }
  double ms;
  if (unit.empty() || unit == "s") ms = v * 1000;
  else if (unit == "ms") ms = v;
  else if (unit == "m") ms = v * 60'000;
  else if (unit == "h") ms = v * 3'600'000;
  else if (unit == "d") ms = v * 86'400'000;
  else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown duration unit '", unit, "' in '", text, "' (use ms, s, m, h or d)"));
  }
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(ms)));
}

absl::StatusOr<Config> Config::Load(const std::vector<ConfigKey>& keys,
                                    const std::optional<std::string>& file_path,
                                    const std::vector<std::string>& env) {
  Config config;
  config.keys_ = keys;
  std::map<std::string, std::string> env_names;  // JOBREC_X -> key
  for (const auto& key : config.keys_) {
    config.values_[key.name] = Entry{&key, key.default_value, "default"};
    env_names[EnvVarName(key.name)] = key.name;
  }

  if (file_path) {
    std::map<std::string, std::string> file_values;
    try {
      toml::table table = toml::parse_file(*file_path);
      JOBREC_RETURN_IF_ERROR(Flatten(table, "", *file_path, file_values));
    } catch (const toml::parse_error& e) {
      const auto& where = e.source().begin;
      return absl::InvalidArgumentError(absl::StrCat("config file ", *file_path, " line ",
                                                     where.line, ": ", std::string(e.description())));
    }
    for (auto& [name, value] : file_values) {
      auto it = config.values_.find(name);
      if (it == config.values_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("config file ", *file_path, ": unknown key '", name, "'"));
      }
      if (it->second.spec->secret) {
        return absl::InvalidArgumentError(absl::StrCat(
            "config key '", name, "' is a secret: set it with the environment variable ",
            EnvVarName(name), ", not in ", *file_path));
      }
      it->second.value = value;
      it->second.source = *file_path;
    }
  }

  for (const auto& assignment : env) {
    if (assignment.rfind("JOBREC_", 0) != 0 || assignment.rfind(kTestEnvPrefix, 0) == 0) continue;
    auto eq = assignment.find('=');
    if (eq == std::string::npos) continue;
    std::string var = assignment.substr(0, eq);
    auto it = env_names.find(var);
    if (it == env_names.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("environment variable ", var, " is not a known jobrec setting"));
    }
    auto& entry = config.values_[it->second];
    entry.value = assignment.substr(eq + 1);
    entry.source = var;
  }

  for (auto& [name, entry] : config.values_) {
    JOBREC_RETURN_IF_ERROR(Validate(*entry.spec, entry.source, entry.value));
  }
  return config;
}

absl::StatusOr<Config> Config::LoadFromProcess(const std::vector<ConfigKey>& keys,
                                               const std::optional<std::string>& file_path) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  return Load(keys, file_path, env);
}

const Config::Entry& Config::Find(const std::string& key, ConfigType type) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.spec->type != type) {
    std::fprintf(stderr, "BUG: config key '%s' undeclared or read with the wrong type\n", key.c_str());
    std::abort();
  }
  return it->second;
}

const std::string& Config::GetString(const std::string& key) const {
  auto it = values_.find(key);
  if (it != values_.end() && it->second.spec->type == ConfigType::kEnum) return it->second.value;
  return Find(key, ConfigType::kString).value;
}
int64_t Config::GetInt(const std::string& key) const {
  return std::stoll(Find(key, ConfigType::kInt).value);
}
double Config::GetDouble(const std::string& key) const {
  return std::stod(Find(key, ConfigType::kDouble).value);
}
bool Config::GetBool(const std::string& key) const {
  return Find(key, ConfigType::kBool).value == "true";
}
std::chrono::milliseconds Config::GetDuration(const std::string& key) const {
  return *ParseDuration(Find(key, ConfigType::kDuration).value);
}
const std::string& Config::SourceOf(const std::string& key) const {
  auto it = values_.find(key);
  static const std::string kUnknown = "undeclared";
  return it == values_.end() ? kUnknown : it->second.source;
}

std::string Config::Describe() const {
  std::string out;
  for (const auto& [name, entry] : values_) {
    std::string shown = entry.spec->secret ? (entry.value.empty() ? "(unset)" : "******") : entry.value;
    absl::StrAppend(&out, name, " = ", shown, "  (", entry.source, ")  # ", entry.spec->help, "\n");
  }
  return out;
}

}  // namespace jobrec::common
