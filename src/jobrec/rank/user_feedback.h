// What a person's feedback does to every engine's recommendations (issue #7), in one place so
// each engine path applies the same: the postings they reviewed (or dismissed) leave, and the
// rules they accepted (feedback/comment_rules.h) filter or penalise.
//
//   needs_remote  filter: remote or hybrid postings only (postings that do not say are left out)
//   too_far       filter: the profile's locations (a remote posting by its country); no
//                 locations in the profile: no effect
//   low_salary    filter: annual salary maximum >= the profile's minimum (annualised: month x12,
//                 hour x2080; unknown salaries pass); no minimum in the profile: no effect
//   agency        excluded when feedback::LooksLikeAgency(company, description)
//   too_senior    score x 0.8 per level above the person's (feedback/seniority.h)
//   too_junior    score x 0.8 per level below it
// The seniority rules need the profile's experience; without it they have no effect.
//
// An engine: LoadUserFeedback, RestrictFilter before searching, and, when NeedsPostings, fetch
// more candidates than asked (CandidatesFor), AdjustedScore each and re-sort. An engine that
// ranks stored scores rather than searching the index checks each posting with Admits.
// Pure functions apart from LoadUserFeedback; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/feedback/comment_rules.h"
#include "jobrec/index/posting_filter.h"
#include "jobrec/profile/profile.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_row.h"

namespace jobrec::rank {

struct UserFeedback {
  std::vector<int64_t> reviewed_ids;
  std::vector<feedback::RuleKind> accepted_rules;
  bool Has(feedback::RuleKind kind) const;
};

// The store's errors.
absl::StatusOr<UserFeedback> LoadUserFeedback(store::Database& db, int64_t user_id);

// Adds the reviewed postings to filter.exclude_ids and the filter rules to `filter`.
void RestrictFilter(const UserFeedback& feedback, const profile::Profile& profile,
                    index::SearchFilter& filter);

// Whether an accepted rule judges postings one by one (agency, too_senior, too_junior).
bool NeedsPostings(const UserFeedback& feedback);
// How many candidates to fetch to keep `limit` after AdjustedScore (at most `max`).
size_t CandidatesFor(const UserFeedback& feedback, size_t limit, size_t max);

// Whether a posting ranked without the index (an engine's stored scores) may be shown: not
// reviewed, and passing every accepted filter rule and the agency rule, as RestrictFilter and
// AdjustedScore would judge it.
bool Admits(const UserFeedback& feedback, const profile::Profile& profile, const store::StoredPosting& posting);

// The posting's score under the accepted rules; nullopt when a rule excludes it.
std::optional<double> AdjustedScore(const UserFeedback& feedback, const profile::Profile& profile,
                                    const store::StoredPosting& posting, double score);

}  // namespace jobrec::rank
