#include "jobrec/rank/bm25_index.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "jobrec/embed/text_preprocess.h"

namespace jobrec::rank {

Bm25Index::Bm25Index(const std::vector<Bm25Document>& documents, Bm25Params params)
    : params_(params) {
  double total_length = 0;
  for (const auto& document : documents) {
    uint32_t doc = static_cast<uint32_t>(doc_ids_.size());
    doc_ids_.push_back(document.id);
    doc_index_[document.id] = doc;
    std::map<uint32_t, float> tf;
    float length = 0;
    auto add = [&](const std::string& text, float weight) {
      std::string line = embed::PreprocessText(text);
      for (auto token : embed::SplitTokens(line)) {
        auto [it, inserted] = term_ids_.try_emplace(std::string(token), term_ids_.size());
        if (inserted) postings_.emplace_back();
        tf[it->second] += weight;
        length += weight;
      }
    };
    add(document.title, static_cast<float>(params_.title_boost));
    add(document.description, 1.0f);
    for (const auto& [term, count] : tf) postings_[term].push_back({doc, count});
    doc_length_.push_back(length);
    total_length += length;
  }
  if (!documents.empty()) mean_length_ = std::max(1.0, total_length / documents.size());
}

std::vector<std::pair<uint32_t, double>> Bm25Index::QueryTerms(std::string_view query) const {
  std::string line = embed::PreprocessText(query);
  std::map<uint32_t, int> counts;
  for (auto token : embed::SplitTokens(line)) {
    auto it = term_ids_.find(std::string(token));
    if (it != term_ids_.end()) counts[it->second]++;
  }
  std::vector<std::pair<uint32_t, double>> terms;
  double n = static_cast<double>(doc_ids_.size());
  for (const auto& [term, count] : counts) {
    double df = static_cast<double>(postings_[term].size());
    // Lucene's non-negative idf; repeated query terms weigh more, as in a long profile text.
    double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    terms.emplace_back(term, idf * count);
  }
  return terms;
}

double Bm25Index::TermScore(float tf, uint32_t doc) const {
  double norm = params_.k1 * (1 - params_.b + params_.b * doc_length_[doc] / mean_length_);
  return tf * (params_.k1 + 1) / (tf + norm);
}

std::vector<ScoredId> Bm25Index::Search(std::string_view query, size_t k) const {
  std::vector<double> scores(doc_ids_.size(), 0.0);
  std::vector<uint32_t> touched;
  for (const auto& [term, idf] : QueryTerms(query)) {
    for (const auto& posting : postings_[term]) {
      if (scores[posting.doc] == 0) touched.push_back(posting.doc);
      scores[posting.doc] += idf * TermScore(posting.tf, posting.doc);
    }
  }
  std::vector<ScoredId> results;
  results.reserve(touched.size());
  for (uint32_t doc : touched) results.push_back({doc_ids_[doc], scores[doc]});
  auto better = [](const ScoredId& a, const ScoredId& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  if (results.size() > k) {
    std::partial_sort(results.begin(), results.begin() + k, results.end(), better);
    results.resize(k);
  } else {
    std::sort(results.begin(), results.end(), better);
  }
  return results;
}

double Bm25Index::Score(std::string_view query, int64_t id) const {
  auto it = doc_index_.find(id);
  if (it == doc_index_.end()) return 0;
  uint32_t doc = it->second;
  double score = 0;
  for (const auto& [term, idf] : QueryTerms(query)) {
    const auto& list = postings_[term];
    auto pos = std::lower_bound(list.begin(), list.end(), doc,
                                [](const Posting& p, uint32_t d) { return p.doc < d; });
    if (pos != list.end() && pos->doc == doc) score += idf * TermScore(pos->tf, doc);
  }
  return score;
}

}  // namespace jobrec::rank
