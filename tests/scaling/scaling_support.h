// Helpers of the scaling integration tests: the environment a `jobrec worker` under test gets
// (short heartbeats, leases and polls so that the tests run in seconds), probe tasks, and
// autoscalers with the local provisioner spawning the real jobrec binary.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "jobrec/tasks/autoscaler.h"
#include "jobrec/tasks/local_provisioner.h"
#include "tests/support/test_database.h"

namespace jobrec::testing {

// JOBREC_* settings of a worker process under test: the test database, tasks.lease_duration
// 2s, tasks.heartbeat_interval 300ms, tasks.poll_interval 200ms, worker.heartbeat_interval
// 200ms, JSON logs at warn. `extra` entries ("NAME=value") override.
std::vector<std::string> WorkerSettings(const TestDatabase& db, const std::vector<std::string>& extra = {});

// Inserts `n` system.probe tasks waiting `ms` each in one statement; returns their count.
int64_t EnqueueProbes(TestDatabase& db, int n, int ms);

struct LocalAutoscalerSetup {
  tasks::ScalingPolicy policy;
  std::chrono::milliseconds interval{200};
  std::vector<std::string> worker_settings;  // WorkerSettings(...)
  std::string identity;                      // empty: host:pid
  std::string log_path;                      // workers' output; empty: a file under /tmp
};

// An autoscaler (not started) whose local provisioner runs `$JOBREC_TEST_BINARY worker`.
std::unique_ptr<tasks::Autoscaler> MakeLocalAutoscaler(TestDatabase& db, const LocalAutoscalerSetup& setup);

// The last `max_bytes` of a file, for failure messages.
std::string Tail(const std::string& path, size_t max_bytes = 4000);

}  // namespace jobrec::testing
