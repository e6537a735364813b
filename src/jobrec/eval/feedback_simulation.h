// `jobrec eval --feedback`: does feedback improve what people are shown next? Simulated users
// each have a hidden target occupation (an EvalQuery: an ESCO occupation whose graded
// relevance comes from the O*NET crosswalk), start from a thin profile (the occupation's
// preferred label as the one job title), and each round rate the top 10 they are shown by
// graded relevance with seeded noise (grade 3/2/1/0 -> about 9/7/5/2). After 0, 1, 2, 3 and 5
// rounds the next top 10 among the postings not yet shown is scored with nDCG@10 for four
// methods:
//   none        the thin profile's fastText vector against the posting index vectors
//               (rank/posting_vector.h, as the served engine builds them)
//   refinement  the profile vector refined by Rocchio on the user's ratings (rocchio.h)
//   ranker      the learned ranker (ranker.h) re-ranking the top `candidates` of `none`
//   both        the learned ranker re-ranking the top `candidates` of `refinement`
// The learned ranker's global model is trained on the ratings of separate users: the first
// half of the dataset's queries, simulated with `none` and `refinement`; the second half is
// evaluated. (Tune on the dataset's tune split, report on its report split: QuerySplit.)
//
// Thread-safety: pure functions over immutable inputs; the embedder is only read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/eval/eval_dataset.h"
#include "jobrec/feedback/ranker.h"
#include "jobrec/feedback/ranker_features.h"
#include "jobrec/feedback/rocchio.h"
#include "jobrec/rank/posting_vector.h"

namespace jobrec::eval {

// The corpus' postings as the ranker's features see them, in file order (row i is
// dataset.postings[i]); ages are counted from the newest posted_at of the corpus, so the
// result does not depend on today's date.
// Errors: as ReadCorpusPostings.
absl::StatusOr<std::vector<feedback::PostingFacts>> ReadPostingFacts(const std::string& corpus);

struct FeedbackSimulationOptions {
  size_t rounds = 5;                          // rating rounds simulated
  std::vector<size_t> report_after = {0, 1, 2, 3, 5};  // each <= rounds
  size_t shown_per_round = 10;
  size_t candidates = 200;       // fastText candidates the ranker re-ranks
  double rating_noise = 1.0;     // standard deviation of the noise added to a rating
  // Whether the ranker sees the similarity to the user's liked and disliked postings; without
  // it only the global-vs-personal weights of the profile features can adapt (an ablation).
  bool rated_similarity_features = true;
  uint64_t seed = 1;             // of the rating noise
  feedback::RocchioOptions rocchio;
  feedback::RankerOptions ranker;
};

struct FeedbackMethodScores {
  std::string method;
  std::vector<double> ndcg_at_10;  // mean over users, one per report_after entry
};

struct FeedbackSimulationResult {
  size_t train_users = 0;
  size_t train_ratings = 0;
  size_t evaluated_users = 0;
  size_t skipped_users = 0;  // thin profile without a word the model knows
  std::vector<size_t> report_after;
  std::vector<FeedbackMethodScores> methods;  // none, refinement, ranker, both
  feedback::LinearModel global_ranker;
};

// The rating a simulated user gives a posting of `grade` (0..3) before noise.
double SimulatedRating(int grade);

// Runs the simulation. `vectors` and `facts` have one row per dataset posting.
// InvalidArgument for inconsistent inputs (row counts, report_after beyond rounds, fewer than
// 2 users, zero candidates or shown_per_round).
absl::StatusOr<FeedbackSimulationResult> RunFeedbackSimulation(
    const EvalDataset& dataset, const std::vector<feedback::PostingFacts>& facts,
    const embed::SentenceEmbedder& embedder, const rank::PostingTextVectors& vectors,
    const FeedbackSimulationOptions& options);

// One row per method: nDCG@10 after each reported round, and the change after 3 rounds (or
// the last reported round) relative to `none`.
std::string FormatFeedbackTable(const FeedbackSimulationResult& result);

}  // namespace jobrec::eval
