#include "jobrec/cli/cli_context.h"

#include <iostream>

#include "jobrec/api/server_options.h"
#include "jobrec/auth/auth_service.h"
#include "jobrec/cloud/cloud_options.h"
#include "jobrec/common/log.h"
#include "jobrec/common/log_options.h"
#include "jobrec/llm/llm_options.h"
#include "jobrec/store/store_options.h"
#include "jobrec/store/store_runtime.h"
#include "jobrec/tasks/task_options.h"
#include "jobrec/tasks/autoscaler_setup.h"
#include "jobrec/tasks/worker_registration.h"
#include "jobrec/embed/embed_options.h"
#include "jobrec/index/index_options.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/store/task_retention.h"

namespace jobrec::cli {

std::vector<common::ConfigKey> AllConfigKeys() {
  std::vector<common::ConfigKey> keys;
  auto add = [&](std::vector<common::ConfigKey> more) {
    keys.insert(keys.end(), more.begin(), more.end());
  };
  add(common::LogConfigKeys());
  add(api::ServerConfigKeys());
  add(auth::AuthConfigKeys());
  add(store::StoreConfigKeys());
  add(tasks::TaskConfigKeys());
  add(tasks::WorkerRegistrationConfigKeys());
  add(tasks::AutoscalerConfigKeys());
  add(cloud::CloudConfigKeys());
  add(llm::LlmConfigKeys());
  add(embed::EmbedConfigKeys());
  add(index::IndexConfigKeys());
  add(ingest::IngestConfigKeys());
  add(store::TaskRetentionConfigKeys());
  return keys;
}

std::optional<common::Config> CliContext::LoadConfig() {
  auto config = common::Config::LoadFromProcess(AllConfigKeys(), config_path);
  if (!config.ok()) {
    std::cerr << "jobrec: " << config.status().message() << "\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  common::InitLogFromConfig(*config);
  return std::move(config).value();
}

void CliContext::Fail(const absl::Status& status, int code) {
  std::cerr << "jobrec: " << status.message() << "\n";
  exit_code = code;
}

std::unique_ptr<store::StoreRuntime> OpenStore(CliContext& ctx, const common::Config& config) {
  auto options = store::StoreOptionsFromConfig(config);
  if (!options.ok()) {
    ctx.Fail(options.status(), kExitUsage);
    return nullptr;
  }
  auto store = store::StoreRuntime::Open(*options);
  if (!store.ok()) {
    ctx.Fail(store.status(), kExitFailure);
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace jobrec::cli
