// The user data of an EC2 worker: deploy/ec2/user-data.sh.tmpl (compiled into the binary) with
// its {{placeholders}} filled in. Only names travel in user data, never secrets: the instance
// reads the SSM parameters it is told about with its own role.
//
// Thread-safe (pure functions).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::tasks {

// An environment variable of the worker and the SSM parameter that holds its value.
struct SsmParameter {
  std::string env_name;        // JOBREC_DATABASE_URL
  std::string parameter_name;  // /jobrec/prod/database-url
};

struct Ec2UserDataValues {
  std::string cluster;
  std::vector<SsmParameter> ssm_parameters;
  std::chrono::milliseconds idle_exit{600'000};  // worker.idle_exit on the instance; > 0
  int concurrency = 4;                           // tasks.worker_concurrency on the instance
};

// "JOBREC_DATABASE_URL=/jobrec/prod/database-url,JOBREC_LLM_API_KEY=/jobrec/prod/llm-key".
// InvalidArgument naming autoscaler.ec2_ssm_parameters for an entry that is not
// ENV_NAME=/parameter/name (upper-case variable; parameter of letters, digits and . _ - /).
absl::StatusOr<std::vector<SsmParameter>> ParseSsmParameters(const std::string& text);

// deploy/ec2/user-data.sh.tmpl as built into this binary.
const std::string& BuiltinEc2UserDataTemplate();

// Replaces {{cluster}}, {{ssm_parameters}}, {{idle_exit}} and {{concurrency}} with single-quoted
// shell words. InvalidArgument for an unknown or unterminated placeholder, a cluster name that
// is not [A-Za-z0-9_.-]+, a non-positive idle exit or concurrency, or a result above EC2's
// 16 KiB limit.
absl::StatusOr<std::string> RenderEc2UserData(const std::string& template_text, const Ec2UserDataValues& values);

}  // namespace jobrec::tasks
