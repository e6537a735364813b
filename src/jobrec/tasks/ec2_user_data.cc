#include "jobrec/tasks/ec2_user_data.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace jobrec::tasks {
namespace {

constexpr size_t kMaxUserDataBytes = 16 * 1024;

bool AllOf(const std::string& text, bool (*ok)(char)) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!ok(c)) return false;
  }
  return true;
}

bool EnvChar(char c) { return absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c == '_'; }
bool ParameterChar(char c) { return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/'; }
bool ClusterChar(char c) { return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-'; }

// Single quotes: the shell expands nothing inside them. Values are validated to hold none.
std::string ShellWord(const std::string& value) { return absl::StrCat("'", value, "'"); }

std::string DurationWord(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? absl::StrCat(d.count() / 1000, "s") : absl::StrCat(d.count(), "ms");
}

}  // namespace

absl::StatusOr<std::vector<SsmParameter>> ParseSsmParameters(const std::string& text) {
  std::vector<SsmParameter> parameters;
  for (absl::string_view entry : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    std::pair<std::string, std::string> pair = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (!AllOf(pair.first, EnvChar) || absl::ascii_isdigit(pair.first[0]) || !AllOf(pair.second, ParameterChar)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "config key 'autoscaler.ec2_ssm_parameters': '", std::string(entry),
          "' is not ENV_NAME=/parameter/name (an upper-case variable name, then a parameter name of letters, "
          "digits and . _ - /)"));
    }
    parameters.push_back({pair.first, pair.second});
  }
  return parameters;
}

absl::StatusOr<std::string> RenderEc2UserData(const std::string& template_text, const Ec2UserDataValues& values) {
  if (!AllOf(values.cluster, ClusterChar)) {
    return absl::InvalidArgumentError(
        absl::StrCat("config key 'autoscaler.ec2_cluster': '", values.cluster, "' is not [A-Za-z0-9_.-]+"));
  }
  if (values.idle_exit.count() <= 0) {
    return absl::InvalidArgumentError("config key 'autoscaler.ec2_worker_idle_exit': must be positive");
  }
  if (values.concurrency < 1) {
    return absl::InvalidArgumentError("config key 'autoscaler.ec2_worker_concurrency': must be at least 1");
  }
  std::vector<std::string> pairs;
  for (const auto& p : values.ssm_parameters) {
    if (!AllOf(p.env_name, EnvChar) || !AllOf(p.parameter_name, ParameterChar)) {
      return absl::InvalidArgumentError(absl::StrCat("bad SSM parameter ", p.env_name, "=", p.parameter_name));
    }
    pairs.push_back(absl::StrCat(p.env_name, "=", p.parameter_name));
  }
  const std::map<std::string, std::string> words = {
      {"cluster", ShellWord(values.cluster)},
      {"ssm_parameters", ShellWord(absl::StrJoin(pairs, " "))},
      {"idle_exit", ShellWord(DurationWord(values.idle_exit))},
      {"concurrency", ShellWord(std::to_string(values.concurrency))},
  };
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t open = template_text.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = template_text.find("}}", open);
    if (close == std::string::npos) return absl::InvalidArgumentError("user data template: unterminated {{");
    const std::string name = template_text.substr(open + 2, close - open - 2);
    auto word = words.find(name);
    if (word == words.end()) {
      return absl::InvalidArgumentError(absl::StrCat("user data template: unknown placeholder {{", name, "}}"));
    }
    absl::StrAppend(&out, template_text.substr(pos, open - pos), word->second);
    pos = close + 2;
  }
  out += template_text.substr(pos);
  if (out.size() > kMaxUserDataBytes) {
    return absl::InvalidArgumentError(absl::StrCat("user data is ", out.size(), " bytes; EC2 takes at most 16 KiB"));
  }
  return out;
}

}  // namespace jobrec::tasks
