#include "jobrec/eval/harness.h"

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_format.h"
#include "jobrec/eval/metrics.h"

namespace jobrec::eval {

EngineScores ScoreRankings(const EvalDataset& dataset, const std::string& engine,
                           const std::vector<Ranking>& rankings) {
  std::vector<double> ndcg, r10, r50, rr;
  for (size_t q = 0; q < dataset.queries.size(); ++q) {
    const EvalQuery& query = dataset.queries[q];
    std::unordered_map<int64_t, int> grades(query.graded_postings.begin(),
                                            query.graded_postings.end());
    const GradeOf grade = [&grades](int64_t id) {
      auto it = grades.find(id);
      return it == grades.end() ? 0 : it->second;
    };
    std::vector<int> ideal;
    ideal.reserve(query.graded_postings.size());
    for (const auto& [id, g] : query.graded_postings) ideal.push_back(g);
    static const Ranking kEmpty;
    const Ranking& ranking = q < rankings.size() ? rankings[q] : kEmpty;
    ndcg.push_back(NdcgAtK(ranking, grade, std::move(ideal), 10));
    r10.push_back(RecallAtK(ranking, grade, query.exact_count, 10, 3));
    r50.push_back(RecallAtK(ranking, grade, query.exact_count, 50, 3));
    rr.push_back(ReciprocalRank(ranking, grade, 3));
  }
  return {.engine = engine,
          .ndcg_at_10 = Mean(ndcg),
          .recall_at_10 = Mean(r10),
          .recall_at_50 = Mean(r50),
          .mrr = Mean(rr)};
}

std::vector<Ranking> FuseReciprocalRank(const std::vector<Ranking>& a,
                                        const std::vector<Ranking>& b, size_t k, double k_rrf) {
  std::vector<Ranking> fused(std::min(a.size(), b.size()));
  for (size_t q = 0; q < fused.size(); ++q) {
    std::unordered_map<int64_t, double> score;
    for (const Ranking* ranking : {&a[q], &b[q]}) {
      for (size_t r = 0; r < ranking->size(); ++r) score[(*ranking)[r]] += 1.0 / (k_rrf + r + 1);
    }
    std::vector<std::pair<int64_t, double>> items(score.begin(), score.end());
    std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    if (items.size() > k) items.resize(k);
    for (const auto& [id, s] : items) fused[q].push_back(id);
  }
  return fused;
}

std::string FormatScoreTable(const std::vector<EngineScores>& scores) {
  size_t width = 6;
  for (const auto& s : scores) width = std::max(width, s.engine.size());
  std::string out = absl::StrFormat("%-*s  %8s  %9s  %9s  %7s  %8s\n", width, "engine",
                                    "nDCG@10", "recall@10", "recall@50", "MRR", "seconds");
  for (const auto& s : scores) {
    out += absl::StrFormat("%-*s  %8.4f  %9.4f  %9.4f  %7.4f  %8.2f\n", width, s.engine,
                           s.ndcg_at_10, s.recall_at_10, s.recall_at_50, s.mrr, s.seconds);
  }
  return out;
}

}  // namespace jobrec::eval
