// The offline benchmark `jobrec eval` runs: the demo corpus' postings as the candidate pool and
// ESCO occupations as profiles (preferred label and a few alternative labels as job titles,
// the description as the ideal job). Relevance comes from public occupation data, not from
// people: a posting whose labels.onet_soc is an O*NET code the ESCO–O*NET crosswalk maps the
// occupation to has grade 3; a posting of an O*NET occupation that O*NET's "Related
// Occupations" lists for one of those codes has grade 2 (Primary-Short) or 1 (Primary-Long);
// Supplemental relations and everything else have grade 0.
//
// Pure loading code; the result is a plain value. Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/profile/profile.h"

namespace jobrec::eval {

struct EvalPosting {
  int64_t id = 0;  // 1-based line order in the corpus file
  std::string title;
  std::string description;
  std::string onet_soc;  // "" when the posting has no labels.onet_soc
};

struct EscoOccupation {
  std::string uri;
  std::string preferred_label;
  std::vector<std::string> alt_labels;  // in file order
  std::string description;
};

struct EvalQuery {
  std::string esco_uri;
  profile::Profile profile;
  std::unordered_map<std::string, int> grade_by_onet;  // O*NET code -> grade 1..3
  // Every posting with a grade > 0, with its grade; the ideal ranking's material.
  std::vector<std::pair<int64_t, int>> graded_postings;
  size_t exact_count = 0;  // postings with grade 3
};

struct EvalDataset {
  std::vector<EvalPosting> postings;
  std::vector<EvalQuery> queries;
  size_t eligible_occupations = 0;  // occupations the sample was drawn from
};

struct EvalDataPaths {
  std::string corpus = "data/demo/postings.jsonl.gz";
  std::string esco_occupations = "data/esco/occupations_en.csv";
  std::string crosswalk = "data/crosswalk/esco_onet_crosswalk_Nov2020.csv";
  std::string related_occupations = "data/onet/Related Occupations.txt";
};

// Two disjoint halves of one sample, so that choices tuned on one are reported on the other:
// kTune keeps the sampled occupations at even positions, kReport those at odd positions.
enum class QuerySplit { kAll, kTune, kReport };
const char* QuerySplitName(QuerySplit split);  // "all", "tune", "report"

struct EvalSampleOptions {
  size_t sample = 300;  // occupations drawn; 0 = all eligible
  uint64_t seed = 1;
  size_t alt_titles = 2;  // alternative labels added as job titles
  QuerySplit split = QuerySplit::kAll;  // applied after drawing the sample
};

// O*NET code -> (related code, grade 2 or 1); Supplemental relations are left out.
using RelatedOccupations =
    std::unordered_map<std::string, std::vector<std::pair<std::string, int>>>;

// Each reader: NotFound when the file is missing; InvalidArgument (with the line) when a
// record lacks a required column; DataLoss for a corrupt gzip stream.
absl::StatusOr<std::vector<EvalPosting>> ReadCorpusPostings(const std::string& path);
absl::StatusOr<std::vector<EscoOccupation>> ReadEscoOccupations(const std::string& path);
// ESCO concept URI -> O*NET codes, in file order without duplicates.
absl::StatusOr<std::unordered_map<std::string, std::vector<std::string>>> ReadCrosswalk(
    const std::string& path);
absl::StatusOr<RelatedOccupations> ReadRelatedOccupations(const std::string& path);

// Grades as described above: mapped codes 3, their related codes the tier's grade (the
// highest when several relations apply).
std::unordered_map<std::string, int> GradesFor(const std::vector<std::string>& mapped_codes,
                                               const RelatedOccupations& related);

// Loads everything and draws the sample: the occupations with at least one grade-3 posting,
// sorted by URI, shuffled with `seed` (std::mt19937_64), the first `sample` kept, then the
// split's half of them.
// Errors: the readers'; InvalidArgument when no occupation is eligible.
absl::StatusOr<EvalDataset> LoadEvalDataset(const EvalDataPaths& paths,
                                            const EvalSampleOptions& options);

}  // namespace jobrec::eval
