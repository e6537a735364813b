#include "jobrec/rank/keyword_scores.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "jobrec/embed/text_preprocess.h"

namespace jobrec::rank {

KeywordScorer::KeywordScorer(const std::string& query, const std::vector<Bm25Document>& documents) {
  std::map<std::string, size_t> term_index;
  const std::string query_line = embed::PreprocessText(query);
  std::vector<std::string> terms;
  for (const std::string_view token : embed::SplitTokens(query_line)) {
    auto [it, inserted] = term_index.try_emplace(std::string(token), terms.size());
    if (inserted) {
      terms.push_back(it->first);
      query_counts_.push_back(0);
    }
    ++query_counts_[it->second];
  }
  std::unordered_map<std::string_view, size_t> lookup;
  for (size_t i = 0; i < terms.size(); ++i) lookup[terms[i]] = i;
  for (const auto& source : documents) {
    Document doc{.tf = std::vector<float>(terms.size(), 0.0f),
                 .first_token = std::vector<size_t>(terms.size(), kAbsent)};
    size_t position = 0;
    auto add = [&](const std::string& text, float weight) {
      const std::string line = embed::PreprocessText(text);
      for (const std::string_view token : embed::SplitTokens(line)) {
        doc.length += weight;
        if (const auto it = lookup.find(token); it != lookup.end()) {
          doc.tf[it->second] += weight;
          if (doc.first_token[it->second] == kAbsent) doc.first_token[it->second] = position;
        }
        ++position;
      }
    };
    add(source.title, static_cast<float>(params_.title_boost));
    add(source.description, 1.0f);
    documents_[source.id] = std::move(doc);
  }
}

std::unordered_map<int64_t, double> KeywordScorer::Scores(const std::vector<int64_t>& ids) const {
  std::vector<std::pair<int64_t, const Document*>> set;
  for (const int64_t id : ids) {
    if (const auto it = documents_.find(id); it != documents_.end()) set.emplace_back(id, &it->second);
  }
  if (set.empty()) return {};
  double total_length = 0;
  for (const auto& [id, doc] : set) total_length += doc->length;
  const double mean_length = std::max(1.0, total_length / static_cast<double>(set.size()));

  // The query's terms that occur in the set, in Bm25Index's term-id order: by the document of
  // their first occurrence, then by their position in it.
  struct Term {
    size_t index, first_doc, first_token;
    double weight;  // idf times the query's count
  };
  std::vector<Term> terms;
  const double n = static_cast<double>(set.size());
  for (size_t q = 0; q < query_counts_.size(); ++q) {
    size_t df = 0, first_doc = kAbsent, first_token = kAbsent;
    for (size_t d = 0; d < set.size(); ++d) {
      if (set[d].second->first_token[q] == kAbsent) continue;
      if (df++ == 0) {
        first_doc = d;
        first_token = set[d].second->first_token[q];
      }
    }
    if (df == 0) continue;
    const double df_value = static_cast<double>(df);
    const double idf = std::log(1.0 + (n - df_value + 0.5) / (df_value + 0.5));
    terms.push_back({q, first_doc, first_token, idf * query_counts_[q]});
  }
  std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
    return a.first_doc != b.first_doc ? a.first_doc < b.first_doc : a.first_token < b.first_token;
  });

  std::unordered_map<int64_t, double> out;
  double best = 0;
  for (const auto& [id, doc] : set) {
    double score = 0;
    for (const Term& term : terms) {
      if (doc->first_token[term.index] == kAbsent) continue;
      const float tf = doc->tf[term.index];
      const double norm = params_.k1 * (1 - params_.b + params_.b * doc->length / mean_length);
      score += term.weight * (tf * (params_.k1 + 1) / (tf + norm));
    }
    out[id] = score;
    best = std::max(best, score);
  }
  if (best <= 0) return {};
  for (auto& [id, score] : out) score /= best;
  return out;
}

}  // namespace jobrec::rank
