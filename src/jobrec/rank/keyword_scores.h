// The ranker's keyword signal (ranker_signals.h) for several sets of the same postings without
// tokenising them again: each posting's title and description are tokenised once (as
// Bm25Index does), keeping only its length and the counts of the query's terms; the BM25 of a
// set, with the idf and mean length of that set, then costs a few operations per posting.
//
// Scores(ids) equals, to the last bit, building Bm25Index (default Bm25Params) over the
// postings of `ids` in that order and dividing each posting's Score(query) by the best: the
// same float accumulations, and the query's terms summed in the index's term order (the order
// of their first appearance in the set).
//
// Thread-safety: immutable after construction; Scores may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/rank/bm25_index.h"

namespace jobrec::rank {

class KeywordScorer {
 public:
  KeywordScorer(const std::string& query, const std::vector<Bm25Document>& documents);

  // BM25 of the query over the documents of `ids` (in this order; ids not given to the
  // constructor are left out of the set), divided by the best: in [0, 1] by id. Empty when
  // no document of the set matches a query term.
  std::unordered_map<int64_t, double> Scores(const std::vector<int64_t>& ids) const;

 private:
  static constexpr size_t kAbsent = static_cast<size_t>(-1);
  struct Document {
    float length = 0;
    std::vector<float> tf;           // by query term
    std::vector<size_t> first_token;  // by query term: its first token's position, or kAbsent
  };

  Bm25Params params_;
  std::vector<int> query_counts_;  // by query term: how often the query names it
  std::unordered_map<int64_t, Document> documents_;
};

}  // namespace jobrec::rank
