#include "jobrec/rank/explanation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TermStats Stats() {
  TermStats stats;
  for (int i = 0; i < 20; ++i) stats.AddDocument("Senior Engineer for our team");
  stats.AddDocument("Kubernetes Platform Engineer");
  stats.AddDocument("Terraform Engineer");
  return stats;
}

TEST(TermStatsTest, RareTermsHaveHigherIdf) {
  const TermStats stats = Stats();
  EXPECT_EQ(stats.documents(), 22);
  EXPECT_GT(stats.Idf("kubernetes"), stats.Idf("senior"));
  EXPECT_GT(stats.Idf("senior"), stats.Idf("engineer"));
  EXPECT_GT(stats.Idf("unseen"), stats.Idf("kubernetes"));
}

TEST(ExplainTest, MatchedTitlesAndSkillsMissingSpecificTitleTerms) {
  profile::Profile p;
  p.job_titles = {"Platform Engineer", "Data Scientist"};
  p.technical_skills = {{"Terraform", 50}, {"Go", 30}, {"C++", 20}};
  const Explanation e = Explain(p, "Senior Kubernetes Platform Engineer",
                                "Run clusters with terraform and C++ tooling.", Stats());
  EXPECT_THAT(e.matched, ElementsAre("Platform Engineer", "Terraform", "C++"));
  // "kubernetes" is rare; "senior" (in 20 of 22 titles) is below the idf floor;
  // "platform" and "engineer" are in the profile.
  EXPECT_THAT(e.missing, ElementsAre("kubernetes"));
}

TEST(ExplainTest, EmptyProfileMatchesNothing) {
  const Explanation e = Explain(profile::Profile{}, "Engineer", "", TermStats());
  EXPECT_THAT(e.matched, IsEmpty());
  // Without statistics no term is known to be specific.
  EXPECT_THAT(e.missing, IsEmpty());
}

}  // namespace
}  // namespace jobrec::rank
