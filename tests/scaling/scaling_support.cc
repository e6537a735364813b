#include "tests/scaling/scaling_support.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/child_process.h"

namespace jobrec::testing {

std::vector<std::string> WorkerSettings(const TestDatabase& db, const std::vector<std::string>& extra) {
  std::map<std::string, std::string> settings = {
      {"JOBREC_DATABASE_URL", db.url()},
      {"JOBREC_STATE_DIR", "/nonexistent/never-used"},
      {"JOBREC_LOG_FORMAT", "json"},
      {"JOBREC_LOG_LEVEL", "warn"},
      {"JOBREC_TASKS_LEASE_DURATION", "2s"},
      {"JOBREC_TASKS_HEARTBEAT_INTERVAL", "300ms"},
      {"JOBREC_TASKS_POLL_INTERVAL", "200ms"},
      {"JOBREC_TASKS_BACKOFF_BASE", "100ms"},
      {"JOBREC_WORKER_HEARTBEAT_INTERVAL", "200ms"},
  };
  for (const auto& entry : extra) {
    size_t eq = entry.find('=');
    settings[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  std::vector<std::string> env;
  for (const auto& [name, value] : settings) env.push_back(name + "=" + value);
  for (const char* name : {"PATH", "HOME"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

int64_t EnqueueProbes(TestDatabase& db, int n, int ms) {
  db.Exec("INSERT INTO tasks (kind, payload) SELECT 'system.probe', jsonb_build_object('ms', " +
          std::to_string(ms) + ") FROM generate_series(1, " + std::to_string(n) + ")");
  return db.QueryInt("SELECT count(*) FROM tasks WHERE kind = 'system.probe'");
}

std::unique_ptr<tasks::Autoscaler> MakeLocalAutoscaler(TestDatabase& db, const LocalAutoscalerSetup& setup) {
  std::string log_path = setup.log_path;
  if (log_path.empty()) log_path = "/tmp/jobrec-scaling-" + db.name() + ".log";
  auto provisioner = tasks::LocalProvisioner::Create({.binary = JobrecBinary(),
                                                      .args = {"worker"},
                                                      .environment = setup.worker_settings,
                                                      .output_path = log_path,
                                                      .stop_grace = std::chrono::seconds(10)});
  EXPECT_TRUE(provisioner.ok()) << provisioner.status();
  if (!provisioner.ok()) return nullptr;
  auto autoscaler = tasks::Autoscaler::Create(db.db(), std::move(provisioner).value(),
                                              {.policy = setup.policy, .interval = setup.interval,
                                               .identity = setup.identity});
  EXPECT_TRUE(autoscaler.ok()) << autoscaler.status();
  return autoscaler.ok() ? std::move(autoscaler).value() : nullptr;
}

std::string Tail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  return s.size() > max_bytes ? s.substr(s.size() - max_bytes) : s;
}

}  // namespace jobrec::testing
