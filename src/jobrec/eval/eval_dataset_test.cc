#include "jobrec/eval/eval_dataset.h"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/embed/testing/scratch_dir.h"

namespace jobrec::eval {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string PostingLine(const std::string& id, const std::string& title, const std::string& onet) {
  return R"({"provider":"demo","external_id":")" + id + R"(","title":")" + title +
         R"(","description":"About )" + title + R"(","labels":{"onet_soc":")" + onet + "\"}}\n";
}

class EvalDatasetTest : public ::testing::Test {
 protected:
  EvalDatasetTest() : dir_("eval-dataset-test") {
    paths_ = {.corpus = dir_.File("postings.jsonl"),
              .esco_occupations = dir_.File("occupations.csv"),
              .crosswalk = dir_.File("crosswalk.csv"),
              .related_occupations = dir_.File("related.txt")};
    Write(paths_.corpus, PostingLine("p1", "Chief Executive", "11-1011.00") +
                             PostingLine("p2", "CEO", "11-1011.00") +
                             PostingLine("p3", "General Manager", "11-1021.00") +
                             PostingLine("p4", "Fundraiser", "11-2033.00") +
                             PostingLine("p5", "Baker", "51-3011.00"));
    Write(paths_.esco_occupations,
          "conceptUri,preferredLabel,altLabels,description\n"
          "uri:ceo,chief executive officer,\"managing director\nchief executive\n"
          "president\",Leads the company.\n"
          "uri:baker,baker,,\"Bakes bread, cakes.\"\n"
          "uri:astronaut,astronaut,,Flies to space.\n");
    Write(paths_.crosswalk,
          "id,esco_occupation,onet_code,concept_uri\n"
          "1,chief executive officer,11-1011.00,uri:ceo\n"
          "2,baker,51-3011.00,uri:baker\n"
          "3,astronaut,17-2011.00,uri:astronaut\n");
    Write(paths_.related_occupations,
          "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\n"
          "11-1011.00\t11-1021.00\tPrimary-Short\t1\n"
          "11-1011.00\t11-2033.00\tPrimary-Long\t2\n"
          "11-1011.00\t51-3011.00\tSupplemental\t3\n");
  }

  embed::testing::ScratchDir dir_;
  EvalDataPaths paths_;
};

TEST_F(EvalDatasetTest, ReadsMultiLineQuotedAltLabels) {
  auto occupations = ReadEscoOccupations(paths_.esco_occupations);
  ASSERT_TRUE(occupations.ok()) << occupations.status();
  ASSERT_EQ(occupations->size(), 3u);
  EXPECT_EQ((*occupations)[0].preferred_label, "chief executive officer");
  EXPECT_THAT((*occupations)[0].alt_labels,
              ElementsAre("managing director", "chief executive", "president"));
  EXPECT_EQ((*occupations)[1].description, "Bakes bread, cakes.");
  EXPECT_TRUE((*occupations)[1].alt_labels.empty());
}

TEST_F(EvalDatasetTest, GradesMappedCodesAboveRelatedTiers) {
  auto related = ReadRelatedOccupations(paths_.related_occupations);
  ASSERT_TRUE(related.ok()) << related.status();
  EXPECT_THAT(GradesFor({"11-1011.00"}, *related),
              UnorderedElementsAre(Pair("11-1011.00", 3), Pair("11-1021.00", 2),
                                   Pair("11-2033.00", 1)));
  // A code both mapped and related keeps grade 3.
  EXPECT_EQ(GradesFor({"11-1011.00", "11-1021.00"}, *related).at("11-1021.00"), 3);
  EXPECT_TRUE(GradesFor({"99-9999.00"}, *related).count("99-9999.00"));
}

TEST_F(EvalDatasetTest, BuildsQueriesForOccupationsWithExactPostings) {
  auto dataset = LoadEvalDataset(paths_, {.sample = 0, .seed = 1, .alt_titles = 1});
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->postings.size(), 5u);
  EXPECT_EQ(dataset->postings[0].id, 1);
  EXPECT_EQ(dataset->postings[0].onet_soc, "11-1011.00");
  // The astronaut has no posting of its code.
  EXPECT_EQ(dataset->eligible_occupations, 2u);
  ASSERT_EQ(dataset->queries.size(), 2u);
  const EvalQuery* ceo = nullptr;
  for (const auto& q : dataset->queries) {
    if (q.esco_uri == "uri:ceo") ceo = &q;
  }
  ASSERT_NE(ceo, nullptr);
  EXPECT_THAT(ceo->profile.job_titles, ElementsAre("chief executive officer", "managing director"));
  EXPECT_EQ(ceo->profile.ideal_job, "Leads the company.");
  EXPECT_EQ(ceo->exact_count, 2u);
  EXPECT_THAT(ceo->graded_postings, ElementsAre(Pair(1, 3), Pair(2, 3), Pair(3, 2), Pair(4, 1)));
}

TEST_F(EvalDatasetTest, SampleIsDeterministicForASeed) {
  auto a = LoadEvalDataset(paths_, {.sample = 1, .seed = 3});
  auto b = LoadEvalDataset(paths_, {.sample = 1, .seed = 3});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->queries.size(), 1u);
  EXPECT_EQ(a->queries[0].esco_uri, b->queries[0].esco_uri);
  EXPECT_EQ(a->eligible_occupations, 2u);
}

TEST_F(EvalDatasetTest, TuneAndReportSplitsAreDisjointHalvesOfTheSample) {
  auto all = LoadEvalDataset(paths_, {.sample = 0, .seed = 5});
  auto tune = LoadEvalDataset(paths_, {.sample = 0, .seed = 5, .split = QuerySplit::kTune});
  auto report = LoadEvalDataset(paths_, {.sample = 0, .seed = 5, .split = QuerySplit::kReport});
  ASSERT_TRUE(all.ok() && tune.ok() && report.ok());
  ASSERT_EQ(all->queries.size(), 2u);
  ASSERT_EQ(tune->queries.size(), 1u);
  ASSERT_EQ(report->queries.size(), 1u);
  EXPECT_EQ(tune->queries[0].esco_uri, all->queries[0].esco_uri);
  EXPECT_EQ(report->queries[0].esco_uri, all->queries[1].esco_uri);
  EXPECT_EQ(report->eligible_occupations, 2u);
  // A one-occupation sample has nothing at odd positions.
  auto tiny = LoadEvalDataset(paths_, {.sample = 1, .seed = 5, .split = QuerySplit::kReport});
  ASSERT_TRUE(tiny.ok());
  EXPECT_TRUE(tiny->queries.empty());
  EXPECT_STREQ(QuerySplitName(QuerySplit::kReport), "report");
}

TEST_F(EvalDatasetTest, MissingFileIsNotFound) {
  paths_.related_occupations = dir_.File("nope.txt");
  EXPECT_EQ(LoadEvalDataset(paths_, {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadCorpusPostings(dir_.File("nope.jsonl")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(EvalDatasetTest, MalformedInputIsInvalidArgument) {
  Write(paths_.related_occupations, "header\n11-1011.00\tonly-two-fields\n");
  auto related = ReadRelatedOccupations(paths_.related_occupations);
  EXPECT_EQ(related.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(related.status().message()), ::testing::HasSubstr("line 2"));

  Write(paths_.corpus, PostingLine("p1", "CEO", "11-1011.00") + "{not json\n");
  EXPECT_EQ(ReadCorpusPostings(paths_.corpus).status().code(),
            absl::StatusCode::kInvalidArgument);

  Write(paths_.crosswalk, "id,esco_occupation,onet_code\n1,ceo,11-1011.00\n");
  EXPECT_EQ(ReadCrosswalk(paths_.crosswalk).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(EvalDatasetTest, NoEligibleOccupationIsAnError) {
  Write(paths_.crosswalk, "id,esco_occupation,onet_code,concept_uri\n1,astronaut,17-2011.00,uri:astronaut\n");
  EXPECT_EQ(LoadEvalDataset(paths_, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobrec::eval
