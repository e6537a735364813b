// BM25 keyword retrieval over postings: what keyword job alerts do, the baseline the embedding
// engine is measured against, a candidate source for the LLM engine and a ranker feature.
// Title and description are indexed as separate fields (BM25F-style: title term frequencies
// count `title_boost` times) because a title match says far more than a passing mention.
//
// Built once, then immutable: thread-safe for concurrent Search/Score calls. Rebuilds make a
// new index and swap a shared_ptr, like the vector index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jobrec::rank {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  double title_boost = 3.0;
};

struct Bm25Document {
  int64_t id = 0;
  std::string title;
  std::string description;
};

struct ScoredId {
  int64_t id = 0;
  double score = 0;
};

class Bm25Index {
 public:
  Bm25Index(const std::vector<Bm25Document>& documents, Bm25Params params = {});

  // The `k` best documents for `query` (preprocessed like the documents), best first; ties by
  // id. Documents with score 0 (no query term) are not returned.
  std::vector<ScoredId> Search(std::string_view query, size_t k) const;
  // BM25 score of one document for `query` (0 for unknown ids).
  double Score(std::string_view query, int64_t id) const;
  size_t size() const { return doc_ids_.size(); }

 private:
  struct Posting {
    uint32_t doc = 0;
    float tf = 0;  // boosted title tf + description tf
  };
  std::vector<std::pair<uint32_t, double>> QueryTerms(std::string_view query) const;  // term, idf
  double TermScore(float tf, uint32_t doc) const;

  Bm25Params params_;
  std::vector<int64_t> doc_ids_;
  std::unordered_map<int64_t, uint32_t> doc_index_;
  std::vector<float> doc_length_;
  double mean_length_ = 1;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::vector<Posting>> postings_;  // by term id, sorted by doc
};

}  // namespace jobrec::rank
