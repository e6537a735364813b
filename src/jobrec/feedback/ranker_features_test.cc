#include "jobrec/feedback/ranker_features.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace jobrec::feedback {
namespace {

double FeatureOf(const std::vector<double>& features, const std::string& name) {
  const auto& names = RankerFeatureNames();
  auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return features.at(static_cast<size_t>(it - names.begin()));
}

profile::Profile FullProfile() {
  profile::Profile p;
  p.job_titles = {"Data Engineer"};
  p.technical_skills = {{"Python", 60}, {"C++", 30}, {"R", 10}};
  p.experience = "3-5 years";
  p.locations = {"Lyon"};
  p.remote = "hybrid";
  p.min_salary = profile::MinSalary{50000, "EUR", "year"};
  return p;
}

PostingFacts FullPosting() {
  return {.title = "Data engineer",
          .description = "We use Python and C++ daily. Remote-friendly.",
          .job_zone = 4,
          .remote = "hybrid",
          .city = "Lyon",
          .country = "FR",
          .location_text = "Lyon, France",
          .salary_min = 45000,
          .salary_max = 55000,
          .salary_currency = "EUR",
          .salary_period = "year",
          .age_days = 0};
}

TEST(RankerFeaturesTest, OneValuePerNameAndSignalsPassThrough) {
  RankerSignals signals{.engine_score = 0.7, .title_similarity = 0.8, .description_similarity = 0.6,
                        .keyword_score = 1.7, .llm_score = 12, .liked_similarity = 0.9};
  auto f = RankerFeatures(FullProfile(), FullPosting(), signals);
  ASSERT_EQ(f.size(), RankerFeatureNames().size());
  EXPECT_DOUBLE_EQ(FeatureOf(f, "engine_score"), 0.7);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "title_similarity"), 0.8);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "description_similarity"), 0.6);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "keyword_score"), 1.0) << "clamped to [0, 1]";
  EXPECT_DOUBLE_EQ(FeatureOf(f, "llm_score"), 1.0) << "an out-of-range LLM score is clamped";
  EXPECT_DOUBLE_EQ(FeatureOf(f, "llm_missing"), 0.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "liked_similarity"), 0.9);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "liked_missing"), 0.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "disliked_missing"), 1.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "skill_overlap"), 0.9) << "Python and C++ found, R not";
  EXPECT_DOUBLE_EQ(FeatureOf(f, "salary_fit"), 1.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "location_fit"), 1.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "remote_fit"), 1.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_above"), 0.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_below"), 0.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_missing"), 0.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "freshness"), 1.0);
}

TEST(RankerFeaturesTest, ThinProfileAndBarePostingAreAllMissing) {
  profile::Profile thin;
  thin.job_titles = {"Baker"};
  auto f = RankerFeatures(thin, PostingFacts{.title = "Baker"}, {});
  for (const char* name : {"llm_missing", "skill_missing", "salary_missing", "location_missing",
                           "remote_missing", "seniority_missing", "freshness_missing",
                           "liked_missing", "disliked_missing"}) {
    EXPECT_DOUBLE_EQ(FeatureOf(f, name), 1.0) << name;
  }
  for (const char* name : {"llm_score", "skill_overlap", "salary_fit", "location_fit",
                           "remote_fit", "freshness", "liked_similarity"}) {
    EXPECT_DOUBLE_EQ(FeatureOf(f, name), 0.0) << name << ": missing values are neutral zeros";
  }
}

TEST(RankerFeaturesTest, SkillsMatchWholeWordsOnly) {
  profile::Profile p;
  p.technical_skills = {{"R", 50}, {"Go", 50}};
  EXPECT_DOUBLE_EQ(*SkillOverlap(p, {.description = "Ruby, Google and Rust"}), 0.0);
  EXPECT_DOUBLE_EQ(*SkillOverlap(p, {.description = "Stats in R; services in Go."}), 1.0);
  EXPECT_DOUBLE_EQ(*SkillOverlap(p, {.title = "go developer"}), 0.5) << "case-insensitive";
  p.technical_skills = {{"C++", 100}};
  EXPECT_DOUBLE_EQ(*SkillOverlap(p, {.description = "Modern C++20 and c++ tooling"}), 1.0);
  p.technical_skills.clear();
  EXPECT_FALSE(SkillOverlap(p, {.description = "anything"}).has_value());
}

TEST(RankerFeaturesTest, SalaryIsComparedPerYearInOneCurrency) {
  profile::Profile p;
  p.min_salary = profile::MinSalary{4000, "EUR", "month"};  // 48,000 a year
  EXPECT_DOUBLE_EQ(*SalaryFit(p, {.salary_max = 50000, .salary_currency = "EUR"}), 1.0);
  EXPECT_DOUBLE_EQ(*SalaryFit(p, {.salary_min = 24000, .salary_currency = "EUR"}), 0.5)
      << "the minimum stands in when there is no maximum";
  EXPECT_NEAR(*SalaryFit(p, {.salary_max = 20, .salary_currency = "EUR", .salary_period = "hour"}),
              41600.0 / 48000, 1e-12);
  EXPECT_FALSE(SalaryFit(p, {.salary_max = 90000, .salary_currency = "USD"}).has_value());
  EXPECT_FALSE(SalaryFit(p, {.salary_currency = "EUR"}).has_value());
  EXPECT_FALSE(
      SalaryFit(p, {.salary_max = 1, .salary_currency = "EUR", .salary_period = "fortnight"})
          .has_value());
  p.min_salary.reset();
  EXPECT_FALSE(SalaryFit(p, {.salary_max = 50000, .salary_currency = "EUR"}).has_value());
}

TEST(RankerFeaturesTest, LocationAndRemoteFit) {
  profile::Profile p;
  p.locations = {"Columbus, OH"};
  EXPECT_DOUBLE_EQ(*LocationFit(p, {.city = "Columbus", .location_text = "Columbus, OH"}), 1.0);
  EXPECT_DOUBLE_EQ(*LocationFit(p, {.city = "Baltimore", .location_text = "Baltimore, MD"}), 0.0);
  EXPECT_DOUBLE_EQ(*LocationFit(p, {.remote = "remote", .city = "Baltimore"}), 1.0);
  p.locations.clear();
  EXPECT_FALSE(LocationFit(p, {.city = "Columbus"}).has_value());

  p.remote = "remote";
  EXPECT_DOUBLE_EQ(*RemoteFit(p, {.remote = "remote"}), 1.0);
  EXPECT_DOUBLE_EQ(*RemoteFit(p, {.remote = "hybrid"}), 0.5);
  EXPECT_DOUBLE_EQ(*RemoteFit(p, {.remote = "onsite"}), 0.0);
  EXPECT_FALSE(RemoteFit(p, {.remote = ""}).has_value());
  p.remote = "onsite";
  EXPECT_GT(*RemoteFit(p, {.remote = "remote"}), 0.0);
  p.remote = "any";
  EXPECT_FALSE(RemoteFit(p, {.remote = "onsite"}).has_value());
}

TEST(RankerFeaturesTest, SeniorityComparesJobZoneWithExperience) {
  EXPECT_EQ(ExperienceYears("3-5 years"), 4);
  EXPECT_FALSE(ExperienceYears("forever").has_value());
  EXPECT_EQ(ExpectedJobZone(0.25), 1);
  EXPECT_EQ(ExpectedJobZone(1.5), 3);
  EXPECT_EQ(ExpectedJobZone(12), 5);
  profile::Profile junior;
  junior.experience = "0-6 months";
  auto f = RankerFeatures(junior, {.job_zone = 5}, {});
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_above"), 1.0);
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_below"), 0.0);
  profile::Profile senior;
  senior.experience = "10+ years";
  f = RankerFeatures(senior, {.job_zone = 3}, {});
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_below"), 0.5);
  f = RankerFeatures(senior, {.job_zone = 9}, {});
  EXPECT_DOUBLE_EQ(FeatureOf(f, "seniority_missing"), 1.0) << "an invalid zone is unknown";
}

TEST(RankerFeaturesTest, FreshnessDecays) {
  profile::Profile p;
  auto fresh = RankerFeatures(p, {.age_days = 0}, {});
  auto old = RankerFeatures(p, {.age_days = 28}, {});
  EXPECT_DOUBLE_EQ(FeatureOf(fresh, "freshness"), 1.0);
  EXPECT_DOUBLE_EQ(FeatureOf(old, "freshness"), 0.25);
  EXPECT_DOUBLE_EQ(FeatureOf(old, "freshness_missing"), 0.0);
}

}  // namespace
}  // namespace jobrec::feedback
