// Scores the rankings an engine produced for every query of an EvalDataset with the metrics
// of metrics.h, fuses rankings, and prints the table `jobrec eval` shows.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jobrec/eval/eval_dataset.h"

namespace jobrec::eval {

// Posting ids, best first.
using Ranking = std::vector<int64_t>;

struct EngineScores {
  std::string engine;
  double ndcg_at_10 = 0;    // graded (3 / 2 / 1)
  double recall_at_10 = 0;  // of the grade-3 postings
  double recall_at_50 = 0;
  double mrr = 0;  // first grade-3 posting
  double seconds = 0;  // time the engine took to rank every query (filled by the caller)
};

// rankings[i] is the ranking for dataset.queries[i]. Queries without a ranking count as 0.
EngineScores ScoreRankings(const EvalDataset& dataset, const std::string& engine,
                           const std::vector<Ranking>& rankings);

// Reciprocal-rank fusion: score(d) = sum over the inputs of 1 / (k_rrf + rank(d)), rank from 1;
// the top `k` ids, ties by id. `a` and `b` must have one ranking per query.
std::vector<Ranking> FuseReciprocalRank(const std::vector<Ranking>& a,
                                        const std::vector<Ranking>& b, size_t k,
                                        double k_rrf = 60);

// A fixed-width table, one row per engine, with a header line.
std::string FormatScoreTable(const std::vector<EngineScores>& scores);

}  // namespace jobrec::eval
