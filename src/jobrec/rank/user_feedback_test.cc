#include "jobrec/rank/user_feedback.h"

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

using feedback::RuleKind;

profile::Profile Person() {
  profile::Profile p;
  p.job_titles = {"Nurse"};
  p.experience = "1-2 years";
  p.locations = {"Berlin, DE", "FR", "Lisbon", "nowhere, Germany", " "};
  p.min_salary = profile::MinSalary{.amount = 4000, .currency = "EUR", .period = "month"};
  return p;
}

store::StoredPosting Posting(const std::string& title, const std::string& company) {
  store::StoredPosting p;
  p.title = title;
  p.company = company;
  return p;
}

TEST(UserFeedbackTest, NoRulesOnlyExcludesReviewedPostings) {
  UserFeedback feedback{.reviewed_ids = {7, 9}};
  index::SearchFilter filter;
  filter.exclude_ids = {1};
  RestrictFilter(feedback, Person(), filter);
  EXPECT_EQ(filter.exclude_ids, (std::vector<int64_t>{1, 7, 9}));
  EXPECT_FALSE(filter.HasAttributeConstraints());
  EXPECT_FALSE(NeedsPostings(feedback));
  EXPECT_EQ(CandidatesFor(feedback, 20, 1000), 20u);
  EXPECT_EQ(AdjustedScore(feedback, Person(), Posting("Senior Nurse", "Recruit Co"), 0.5), 0.5);
}

TEST(UserFeedbackTest, FilterRulesTightenTheSearch) {
  UserFeedback feedback{.accepted_rules = {RuleKind::kNeedsRemote, RuleKind::kTooFar, RuleKind::kLowSalary}};
  index::SearchFilter filter;
  RestrictFilter(feedback, Person(), filter);
  EXPECT_TRUE(filter.remote_modes.Contains(index::RemoteMode::kRemote));
  EXPECT_TRUE(filter.remote_modes.Contains(index::RemoteMode::kHybrid));
  EXPECT_FALSE(filter.remote_modes.Contains(index::RemoteMode::kOnsite));
  EXPECT_FALSE(filter.remote_modes.Contains(index::RemoteMode::kUnknown));
  ASSERT_EQ(filter.locations.size(), 3u);  // the unparseable ones are left out
  EXPECT_EQ(filter.locations[0].city, "Berlin");
  EXPECT_EQ(filter.locations[0].country, "DE");
  EXPECT_EQ(filter.locations[1].country, "FR");
  EXPECT_EQ(filter.locations[2].city, "Lisbon");
  EXPECT_EQ(filter.min_salary, 48000.0);
  // An explicit stricter request stays; an onsite-only request under needs_remote finds nothing.
  index::SearchFilter onsite;
  onsite.remote_modes = index::RemoteModes::Of({index::RemoteMode::kOnsite});
  onsite.min_salary = 90000;
  RestrictFilter(feedback, Person(), onsite);
  EXPECT_EQ(onsite.remote_modes.bits(), 0);
  EXPECT_EQ(onsite.min_salary, 90000.0);
  // Without locations or a minimum in the profile, those rules do nothing.
  profile::Profile bare;
  index::SearchFilter plain;
  RestrictFilter(feedback, bare, plain);
  EXPECT_TRUE(plain.locations.empty());
  EXPECT_FALSE(plain.min_salary.has_value());
}

TEST(UserFeedbackTest, PostingRulesExcludeAgenciesAndPenaliseSeniority) {
  UserFeedback feedback{.accepted_rules = {RuleKind::kAgency, RuleKind::kTooSenior}};
  EXPECT_TRUE(NeedsPostings(feedback));
  EXPECT_EQ(CandidatesFor(feedback, 20, 1000), 80u);
  EXPECT_EQ(CandidatesFor(feedback, 500, 1000), 1000u);
  EXPECT_EQ(AdjustedScore(feedback, Person(), Posting("Nurse", "Apex Recruitment Ltd"), 0.9), std::nullopt);
  EXPECT_EQ(AdjustedScore(feedback, Person(), Posting("Nurse", "City Hospital"), 0.9), 0.9);
  EXPECT_DOUBLE_EQ(*AdjustedScore(feedback, Person(), Posting("Senior Nurse", "City Hospital"), 0.9), 0.9 * 0.8);
  EXPECT_EQ(AdjustedScore(feedback, Person(), Posting("Junior Nurse", "City Hospital"), 0.9), 0.9);
  UserFeedback junior{.accepted_rules = {RuleKind::kTooJunior}};
  EXPECT_DOUBLE_EQ(*AdjustedScore(junior, Person(), Posting("Junior Nurse", "City Hospital"), 0.9), 0.9 * 0.8);
  // Without the person's experience the seniority rules have nothing to compare with.
  profile::Profile unknown = Person();
  unknown.experience.clear();
  EXPECT_EQ(AdjustedScore(feedback, unknown, Posting("Head of Nursing", "City Hospital"), 0.9), 0.9);
}

TEST(UserFeedbackTest, AdmitsJudgesPostingsRankedWithoutTheIndex) {
  store::StoredPosting berlin = Posting("Nurse", "City Hospital");
  berlin.id = 5;
  berlin.city = "berlin";
  berlin.country = "DE";
  berlin.remote = "onsite";
  UserFeedback none;
  EXPECT_TRUE(Admits(none, Person(), berlin));
  EXPECT_FALSE(Admits(UserFeedback{.reviewed_ids = {5}}, Person(), berlin));
  EXPECT_FALSE(Admits(UserFeedback{.accepted_rules = {RuleKind::kNeedsRemote}}, Person(), berlin));
  const UserFeedback far{.accepted_rules = {RuleKind::kTooFar}};
  profile::Profile near = Person();
  near.locations = {"Berlin, DE", "FR"};
  EXPECT_TRUE(Admits(far, near, berlin));
  store::StoredPosting austin = berlin;
  austin.city = "Austin";
  austin.country = "US";
  EXPECT_FALSE(Admits(far, near, austin));
  austin.remote = "remote";
  EXPECT_FALSE(Admits(far, near, austin)) << "remote from another country";
  austin.country = "FR";
  EXPECT_TRUE(Admits(far, near, austin)) << "remote from a preferred country";
  // As the index: a city-only entry ("Lisbon") compares no country, so it admits remote work.
  austin.country = "US";
  EXPECT_TRUE(Admits(far, Person(), austin));
  const UserFeedback pay{.accepted_rules = {RuleKind::kLowSalary}};
  EXPECT_TRUE(Admits(pay, Person(), berlin)) << "unknown salary passes";
  berlin.salary = store::SalaryRow{.annual_max = 40000.0};
  EXPECT_FALSE(Admits(pay, Person(), berlin));
  berlin.salary->annual_max = 50000.0;
  EXPECT_TRUE(Admits(pay, Person(), berlin));
  berlin.company = "Staffing Partners";
  EXPECT_FALSE(Admits(UserFeedback{.accepted_rules = {RuleKind::kAgency}}, Person(), berlin));
}

}  // namespace
}  // namespace jobrec::rank
