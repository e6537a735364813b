// Sources of postings and their sync runs (sql/migrations/0010_sources.sql): the rows the sync
// pipeline (ingest/sync.h), the scheduler, `jobrec sources` and the admin API work with.
//
// A sync pass is one sync_runs row. OpenRun resumes the source's open run (running: its process
// died; failed: it stopped on an error) or starts a new one; page writes add to its counts
// (posting_writer.h); the last page finishes it; FailRun records an error and leaves it open,
// so the next sync continues the pass from the saved cursor.
//
// Thread-safe: every call is one short transaction (WithSyncLock holds a connection).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_row.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::store {

// The task that syncs one source: payload {"source_id": N}. Its dedupe key makes a sync
// requested while one is queued or running of the same source return the pending task.
inline constexpr char kSyncTaskKind[] = "ingest.sync";
NewTask SyncTask(int64_t source_id);

// pg_try_advisory_lock(key, source id) namespace of WithSyncLock: "jrs" in ASCII.
inline constexpr int32_t kSyncLockNamespace = 0x6a7273;

struct SourceSpec {
  std::string name;  // 1-100 of [A-Za-z0-9_.-], starting with a letter or digit
  std::string kind;  // "jsonl", "csv", "adzuna", … (ingest/source_connector.h)
  nlohmann::json params = nlohmann::json::object();
  nlohmann::json secrets = nlohmann::json::object();  // parameter -> environment variable name
  bool full_sync = false;
  std::optional<std::chrono::minutes> interval;  // nullopt: on demand only; else >= 1 minute
  bool enabled = true;
};

struct Source {
  int64_t id = 0;
  SourceSpec spec;
  nlohmann::json cursor;  // null: the next pass starts from the beginning
};

struct SyncRunRecord {
  int64_t id = 0;
  int64_t source_id = 0;
  std::optional<int64_t> task_id;
  std::string state;  // "running" | "failed" | "succeeded" | "abandoned"
  Timestamp started_at;
  std::optional<Timestamp> finished_at;
  int64_t pages = 0, seen = 0, inserted = 0, updated = 0, unchanged = 0, rejected = 0, expired = 0;
  nlohmann::json rejections = nlohmann::json::array();  // [{"where", "reason"}], first 50
  std::string error;
};

struct SourceSummary {
  Source source;
  std::optional<SyncRunRecord> last_run;  // the latest run, whatever its state
};

struct OpenedRun {
  SyncRunRecord run;
  bool resumed = false;   // an open run continues; counts so far are in `run`
  nlohmann::json cursor;  // where the pass continues (null: from the beginning)
};

class SourceRepo {
 public:
  explicit SourceRepo(Database& db) : db_(db) {}

  // Creates the source, or replaces the configuration of the one with this name (its cursor,
  // runs and postings stay). Returns {id, created}. InvalidArgument naming the field for a bad
  // name, kind, params/secrets that are not objects, or an interval under a minute.
  absl::StatusOr<std::pair<int64_t, bool>> Upsert(const SourceSpec& spec);

  absl::StatusOr<Source> Get(int64_t id);  // NotFound
  absl::StatusOr<std::optional<Source>> FindByName(const std::string& name);

  // Every source by name with its latest run. With `admin_user_id`, runs as the API's admin
  // role (jobrec_admin) on behalf of that user.
  absl::StatusOr<std::vector<SourceSummary>> List(std::optional<int64_t> admin_user_id = std::nullopt);
  // As List, one source. NotFound.
  absl::StatusOr<SourceSummary> Summary(int64_t id, std::optional<int64_t> admin_user_id = std::nullopt);

  // The scheduler's claim: every enabled source with an interval whose next_sync_at is due
  // (or unset) gets next_sync_at = now() + interval, atomically, and is returned. Two
  // schedulers running this together never both get the same source.
  absl::StatusOr<std::vector<int64_t>> ClaimDue();
  // Makes a claimed source due again now (its task could not be enqueued).
  absl::Status Unclaim(int64_t source_id);

  // Resumes the open run of the source or starts a new one (see above), recording `task_id`.
  // NotFound for an unknown source. Call under WithSyncLock.
  absl::StatusOr<OpenedRun> OpenRun(int64_t source_id, std::optional<int64_t> task_id);
  // Records `error` on a running run and leaves it open for the next sync.
  absl::Status FailRun(int64_t run_id, const std::string& error);
  // Abandons the open run (if any) and clears the cursor, so the next sync starts a new pass
  // from the beginning. NotFound for an unknown source.
  absl::Status RestartPass(int64_t source_id);
  absl::StatusOr<SyncRunRecord> GetRun(int64_t run_id);  // NotFound

  // Runs `body` while holding the source's sync lock (a session advisory lock on a connection
  // held for the duration), so one source is synced by one process at a time. Aborted when
  // another session holds it; otherwise `body`'s result.
  absl::Status WithSyncLock(int64_t source_id, const std::function<absl::Status()>& body);

 private:
  Database& db_;
};

}  // namespace jobrec::store
