#include "jobrec/rank/user_feedback.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "jobrec/feedback/seniority.h"
#include "jobrec/rank/recommendation_filter.h"
#include "jobrec/store/feedback_rule_repo.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::rank {
namespace {

double AnnualAmount(const profile::MinSalary& salary) {
  if (salary.period == "month") return salary.amount * 12;
  if (salary.period == "hour") return salary.amount * 2080;
  return salary.amount;
}

}  // namespace

bool UserFeedback::Has(feedback::RuleKind kind) const {
  return std::find(accepted_rules.begin(), accepted_rules.end(), kind) != accepted_rules.end();
}

absl::StatusOr<UserFeedback> LoadUserFeedback(store::Database& db, int64_t user_id) {
  UserFeedback feedback;
  JOBREC_ASSIGN_OR_RETURN(feedback.reviewed_ids, store::ReviewRepo(db).ReviewedPostingIds(user_id));
  JOBREC_ASSIGN_OR_RETURN(const auto rules, store::FeedbackRuleRepo(db).List(user_id));
  for (const auto& rule : rules) {
    const auto kind = feedback::ParseRuleKind(rule.kind);
    if (kind && rule.state == "accepted") feedback.accepted_rules.push_back(*kind);
  }
  return feedback;
}

void RestrictFilter(const UserFeedback& feedback, const profile::Profile& profile,
                    index::SearchFilter& filter) {
  filter.exclude_ids.insert(filter.exclude_ids.end(), feedback.reviewed_ids.begin(),
                            feedback.reviewed_ids.end());
  if (feedback.Has(feedback::RuleKind::kNeedsRemote)) {
    std::vector<index::RemoteMode> kept;
    for (auto mode : {index::RemoteMode::kRemote, index::RemoteMode::kHybrid}) {
      if (filter.remote_modes.Contains(mode)) kept.push_back(mode);
    }
    filter.remote_modes = kept.size() == 2   ? index::RemoteModes::Of({kept[0], kept[1]})
                          : kept.size() == 1 ? index::RemoteModes::Of({kept[0]})
                                             : index::RemoteModes::Of({});
  }
  if (feedback.Has(feedback::RuleKind::kTooFar) && filter.locations.empty()) {
    for (const std::string& text : profile.locations) {
      // Profiles hold free text: what does not parse is left out rather than refused.
      if (auto location = ParseLocation(text); location.ok()) filter.locations.push_back(*location);
    }
  }
  if (feedback.Has(feedback::RuleKind::kLowSalary) && profile.min_salary) {
    filter.min_salary = std::max(filter.min_salary.value_or(0), AnnualAmount(*profile.min_salary));
  }
}

bool NeedsPostings(const UserFeedback& feedback) {
  return feedback.Has(feedback::RuleKind::kAgency) || feedback.Has(feedback::RuleKind::kTooSenior) ||
         feedback.Has(feedback::RuleKind::kTooJunior);
}

size_t CandidatesFor(const UserFeedback& feedback, size_t limit, size_t max) {
  // Penalties reorder within a few times the list; exclusions (agencies) are rare.
  return NeedsPostings(feedback) ? std::min(max, limit * 3 + 20) : std::min(max, limit);
}

bool Admits(const UserFeedback& feedback, const profile::Profile& profile, const store::StoredPosting& posting) {
  if (std::find(feedback.reviewed_ids.begin(), feedback.reviewed_ids.end(), posting.id) !=
      feedback.reviewed_ids.end()) {
    return false;
  }
  const bool remote = posting.remote == "remote";
  if (feedback.Has(feedback::RuleKind::kNeedsRemote) && !remote && posting.remote != "hybrid") return false;
  index::SearchFilter rules;
  RestrictFilter(UserFeedback{.accepted_rules = feedback.accepted_rules}, profile, rules);
  if (!rules.locations.empty()) {
    const auto matches = [&](const index::LocationFilter& where) {
      const bool country = where.country.empty() || absl::EqualsIgnoreCase(where.country, posting.country);
      if (remote) return posting.country.empty() || country;  // remote work: the country only
      return country && (where.city.empty() || absl::EqualsIgnoreCase(where.city, posting.city));
    };
    if (!std::any_of(rules.locations.begin(), rules.locations.end(), matches)) return false;
  }
  if (rules.min_salary && posting.salary && posting.salary->annual_max &&
      *posting.salary->annual_max < *rules.min_salary) {
    return false;
  }
  return AdjustedScore(feedback, profile, posting, 1.0).has_value();
}

std::optional<double> AdjustedScore(const UserFeedback& feedback, const profile::Profile& profile,
                                    const store::StoredPosting& posting, double score) {
  if (feedback.Has(feedback::RuleKind::kAgency) &&
      feedback::LooksLikeAgency(posting.company, posting.description)) {
    return std::nullopt;
  }
  const std::optional<int> person = feedback::ExperienceLevel(profile.experience);
  if (person) {
    const int level = feedback::PostingLevel(posting.title);
    if (feedback.Has(feedback::RuleKind::kTooSenior)) score *= feedback::SeniorityFactor(level, *person, true);
    if (feedback.Has(feedback::RuleKind::kTooJunior)) score *= feedback::SeniorityFactor(level, *person, false);
  }
  return score;
}

}  // namespace jobrec::rank
