#include "jobrec/tasks/autoscaler.h"

#include <algorithm>
#include <condition_variable>
#include <map>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/tasks/process_identity.h"

namespace jobrec::tasks {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::hours kHousekeepingInterval{1};

bool IsLive(store::WorkerState state) {
  return state != store::WorkerState::kStopped && state != store::WorkerState::kLost &&
         state != store::WorkerState::kDraining;
}

// Which workers to stop first: those doing nothing (idle, or unreachable), then those not
// registered yet, and busy ones last (stopping one makes it drain, finishing its tasks).
int StopRank(const store::WorkerRecord* record) {
  if (record == nullptr || record->state == store::WorkerState::kStarting) return 1;
  return record->state == store::WorkerState::kBusy ? 2 : 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Autoscaler>> Autoscaler::Create(store::Database& db,
                                                               std::unique_ptr<Provisioner> provisioner,
                                                               AutoscalerOptions options) {
  JOBREC_RETURN_IF_ERROR(ValidateScalingPolicy(options.policy));
  if (options.interval.count() <= 0) {
    return absl::InvalidArgumentError("config key 'autoscaler.interval': must be positive");
  }
  if (provisioner == nullptr) return absl::InvalidArgumentError("the autoscaler needs a provisioner");
  if (options.identity.empty()) options.identity = ProcessIdentity();
  return std::unique_ptr<Autoscaler>(new Autoscaler(db, std::move(provisioner), std::move(options)));
}

Autoscaler::Autoscaler(store::Database& db, std::unique_ptr<Provisioner> provisioner, AutoscalerOptions options)
    : db_(db),
      repo_(db),
      options_(std::move(options)),
      provisioner_(std::move(provisioner)),
      lock_(db, options_.lock_key),
      policy_state_(options_.policy) {}

Autoscaler::~Autoscaler() { Stop(); }

absl::Status Autoscaler::Start() {
  std::lock_guard lock(status_mutex_);
  if (status_.running || provisioner_ == nullptr) {
    return absl::FailedPreconditionError("the autoscaler was started before");
  }
  status_.running = true;
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
  log::Info("autoscaler.started", {{"provider", provisioner_->name()},
                                   {"identity", options_.identity},
                                   {"min_workers", options_.policy.min_workers},
                                   {"max_workers", options_.policy.max_workers},
                                   {"interval_ms", options_.interval.count()}});
  return absl::OkStatus();
}

void Autoscaler::Stop() {
  std::call_once(stop_once_, [this] {
    if (thread_.joinable()) {
      thread_.request_stop();
      thread_.join();
    }
    const bool was_leader = lock_.held();
    lock_.Release();
    leader_ = false;
    provisioner_.reset();
    {
      std::lock_guard lock(status_mutex_);
      status_.running = false;
      status_.leader = false;
    }
    log::Info("autoscaler.stopped", {{"was_leader", was_leader}});
  });
}

AutoscalerStatus Autoscaler::Status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

void Autoscaler::Run(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleeper;
  while (!stop.stop_requested()) {
    Tick();
    std::unique_lock lock(sleep_mutex);
    sleeper.wait_for(lock, stop, options_.interval, [] { return false; });
  }
}

void Autoscaler::Tick() {
  auto held = lock_.TryHold();
  const bool leader = held.ok() && *held;
  if (!held.ok() && leader_) log::Warn("autoscaler.lock_check_failed", {{"error", held.status().ToString()}});
  if (leader != leader_.load()) {
    log::Info(leader ? "autoscaler.became_leader" : "autoscaler.lost_leadership", {{"identity", options_.identity}});
    // A new term starts afresh: no inherited scale-down timer, and its first decision is recorded.
    policy_state_.Reset();
    last_recorded_.reset();
    leader_ = leader;
    std::lock_guard lock(status_mutex_);
    status_.leader = leader;
  }
  if (!leader) return;

  Housekeeping();
  store::ScalingDecision decision = Act();
  Record(decision);
  std::lock_guard lock(status_mutex_);
  ++status_.ticks;
  status_.last = std::move(decision);
}

void Autoscaler::Housekeeping() {
  if (auto lost = repo_.MarkLost(); !lost.ok()) {
    log::Warn("autoscaler.mark_lost_failed", {{"error", lost.status().ToString()}});
  } else if (*lost > 0) {
    log::Warn("autoscaler.workers_lost", {{"count", *lost}});
  }
  const auto now = Clock::now();
  if (now < next_housekeeping_) return;
  next_housekeeping_ = now + kHousekeepingInterval;
  auto workers = repo_.PruneWorkers(options_.worker_retention);
  auto decisions = repo_.PruneDecisions(options_.decision_retention);
  if (!workers.ok() || !decisions.ok()) {
    log::Warn("autoscaler.prune_failed",
              {{"error", (!workers.ok() ? workers.status() : decisions.status()).ToString()}});
  }
}

store::ScalingDecision Autoscaler::Act() {
  store::ScalingDecision d{.autoscaler = options_.identity, .provider = provisioner_->name()};
  auto failed = [&](const std::string& step, const absl::Status& status) {
    d.action = store::ScalingAction::kError;
    d.reason = absl::StrCat(step, " failed: ", status.ToString());
    return d;
  };
  if (absl::Status s = provisioner_->Reconcile(); !s.ok()) return failed("reconciling the provisioner", s);
  auto backlog = repo_.ReadBacklog();
  if (!backlog.ok()) return failed("reading the backlog", backlog.status());
  auto workers = repo_.ListWorkers(std::chrono::seconds(0));
  if (!workers.ok()) return failed("listing workers", workers.status());
  d.queued = backlog->queued;
  d.running = backlog->running;
  d.oldest_queued_seconds = backlog->oldest_queued_seconds;
  for (const auto& kind : backlog->kinds) {
    if (kind.queued > 0) d.queued_by_kind[kind.kind] = kind.queued;
  }

  // Capacity: what the provisioner runs (a worker counts from its start, before it
  // registers), less workers already leaving. Provider none: the live registered workers.
  struct Candidate {
    std::string id;
    const store::WorkerRecord* record;
    std::chrono::system_clock::time_point started_at;
  };
  std::vector<Candidate> candidates;
  ScalingInput input{.queued = d.queued, .running = d.running, .oldest_queued_seconds = d.oldest_queued_seconds};
  if (provisioner_->external()) {
    for (const auto& w : *workers) {
      if (!IsLive(w.state)) continue;
      ++input.current_workers;
      if (w.state == store::WorkerState::kBusy) ++input.busy_workers;
    }
  } else {
    auto listed = provisioner_->List();
    if (!listed.ok()) return failed("listing provisioned workers", listed.status());
    // Newest row first (ListWorkers' order), so a reused pid finds its current row.
    std::map<std::string, const store::WorkerRecord*> rows;
    for (const auto& w : *workers) {
      rows.emplace(absl::StrCat(store::WorkerProviderName(w.provider), "/", w.instance_id, "/", w.host), &w);
      rows.emplace(absl::StrCat(store::WorkerProviderName(w.provider), "/", w.instance_id, "/"), &w);
    }
    for (const auto& p : *listed) {
      if (p.phase == ProvisionedWorker::Phase::kStopping) continue;
      auto it = rows.find(absl::StrCat(p.provider, "/", p.id, "/", p.host));
      const store::WorkerRecord* record = it == rows.end() ? nullptr : it->second;
      if (record != nullptr && record->state == store::WorkerState::kDraining) continue;
      ++input.current_workers;
      if (record != nullptr && record->state == store::WorkerState::kBusy) ++input.busy_workers;
      candidates.push_back({p.id, record, p.started_at});
    }
  }

  ScalingPlan plan = policy_state_.Decide(input, Clock::now());
  d.current_workers = input.current_workers;
  d.desired_workers = plan.desired;
  d.action = plan.action;
  d.reason = plan.reason;
  const bool acts = plan.action == store::ScalingAction::kStart || plan.action == store::ScalingAction::kStop;
  if (!acts) return d;
  if (provisioner_->external()) {
    d.action = store::ScalingAction::kExternal;
    absl::StrAppend(&d.reason, " (provider none: left to the external scaler)");
    return d;
  }

  if (plan.action == store::ScalingAction::kStart) {
    auto started = provisioner_->Start(plan.count);
    if (!started.ok()) return failed(absl::StrCat("starting ", plan.count, " workers"), started.status());
    d.count = static_cast<int>(started->size());
    if (d.count < plan.count) absl::StrAppend(&d.reason, " (only ", d.count, " started)");
    return d;
  }

  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    int ra = StopRank(a.record), rb = StopRank(b.record);
    return ra != rb ? ra < rb : a.started_at > b.started_at;
  });
  std::string errors;
  for (const auto& c : candidates) {
    if (d.count == plan.count) break;
    if (absl::Status s = provisioner_->Stop(c.id); !s.ok()) {
      absl::StrAppend(&errors, errors.empty() ? "" : "; ", c.id, ": ", s.ToString());
      continue;
    }
    ++d.count;
  }
  if (d.count < plan.count) {
    absl::StrAppend(&d.reason, " (stopped ", d.count, errors.empty() ? "" : "; ", errors, ")");
    if (d.count == 0) d.action = store::ScalingAction::kError;
  }
  return d;
}

void Autoscaler::Record(const store::ScalingDecision& d) {
  const auto now = Clock::now();
  const bool acted = d.action == store::ScalingAction::kStart || d.action == store::ScalingAction::kStop;
  // A persisting error is recorded once a minute, not every tick; a different one at once.
  const bool changed = !last_recorded_ || last_recorded_->desired_workers != d.desired_workers ||
                       last_recorded_->current_workers != d.current_workers || last_recorded_->action != d.action ||
                       (d.action == store::ScalingAction::kError && last_recorded_->reason != d.reason);
  if (!acted && !changed && now - last_recorded_at_ < options_.steady_record_interval) return;
  if (absl::Status s = repo_.RecordDecision(d); !s.ok()) {
    log::Warn("autoscaler.record_failed", {{"error", s.ToString()}});
    return;
  }
  last_recorded_ = d;
  last_recorded_at_ = now;
  log::Write(d.action == store::ScalingAction::kError ? log::Level::kError : log::Level::kInfo, "autoscaler.decision",
             {{"action", store::ScalingActionName(d.action)},
              {"count", d.count},
              {"current", d.current_workers},
              {"desired", d.desired_workers},
              {"reason", d.reason}});
}

}  // namespace jobrec::tasks
