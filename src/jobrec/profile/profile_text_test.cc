#include "jobrec/profile/profile_text.h"

#include <numeric>

#include <gtest/gtest.h>

namespace jobrec::profile {
namespace {

float Sum(const std::vector<WeightedText>& parts) {
  return std::accumulate(parts.begin(), parts.end(), 0.0f,
                         [](float acc, const WeightedText& p) { return acc + p.weight; });
}

TEST(ProfileTextTest, ThinProfileIsAllTitle) {
  Profile p;
  p.job_titles = {"Data Scientist"};
  auto parts = EmbeddingParts(p);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].role, "title");
  EXPECT_FLOAT_EQ(parts[0].weight, 1.0f);
}

TEST(ProfileTextTest, SkillsShareTheirWeightProportionally) {
  Profile p;
  p.job_titles = {"Data Scientist", "ML Engineer"};
  p.ideal_job = "Build models";
  p.technical_skills = {{"Python", 60}, {"SQL", 40}};
  p.sectors = {"ICT & Digital"};
  auto parts = EmbeddingParts(p);
  EXPECT_NEAR(Sum(parts), 1.0f, 1e-6);
  float python = 0, sql = 0, title = 0;
  for (const auto& part : parts) {
    if (part.text == "Python") python = part.weight;
    if (part.text == "SQL") sql = part.weight;
    if (part.text == "Data Scientist") title = part.weight;
  }
  EXPECT_NEAR(python / sql, 1.5f, 1e-5);
  EXPECT_NEAR(title, EmbeddingMix{}.titles / 2, 1e-6);
}

}  // namespace
}  // namespace jobrec::profile
