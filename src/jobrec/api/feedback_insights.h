// The JSON of GET /api/v1/feedback/insights and of feedback rules (shapes in
// feedback_routes.h). Thread-safe: functions of thread-safe services.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/rank/fasttext_service.h"
#include "jobrec/store/database.h"
#include "jobrec/store/feedback_rule_repo.h"

namespace jobrec::api {

nlohmann::json RuleJson(const store::StoredRule& rule);
// The user's listed rules (feedback::RuleListed). The store's errors.
absl::StatusOr<nlohmann::json> RulesJson(store::Database& db, int64_t user_id);
// The store's errors; an engine still warming up gives null agreement with a reason.
absl::StatusOr<nlohmann::json> InsightsJson(store::Database& db, const rank::FastTextService& fasttext,
                                            int64_t user_id);

}  // namespace jobrec::api
