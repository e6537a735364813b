#include "jobrec/feedback/learned_terms.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/ascii.h"

namespace jobrec::feedback {
namespace {

// Words of job ads that say nothing about the job.
const std::set<std::string>& StopWords() {
  static const std::set<std::string> kWords = {
      "the", "and", "for", "with", "you", "your", "our", "are", "will", "from", "this", "that",
      "have", "has", "who", "can", "all", "not", "but", "been", "was", "were", "they", "their",
      "them", "its", "into", "about", "more", "any", "out", "how", "what", "when", "where",
      "which", "also", "other", "per", "day", "days", "week", "year", "years", "job", "jobs",
      "role", "work", "working", "team", "company", "posting", "position", "need", "needs",
      "every", "new", "join", "apply", "including", "must", "etc", "number"};
  return kWords;
}

}  // namespace

std::vector<std::string> DistinctWords(const std::string& text) {
  std::set<std::string> words;
  std::string word;
  const auto flush = [&] {
    const bool digits_only = std::all_of(word.begin(), word.end(), [](unsigned char c) { return absl::ascii_isdigit(c); });
    if (word.size() >= 3 && !digits_only && !StopWords().count(word)) words.insert(word);
    word.clear();
  };
  for (unsigned char c : text) {
    // Bytes of multi-byte UTF-8 characters belong to words ("café", "müller").
    if (absl::ascii_isalnum(c) || c >= 0x80) {
      word += static_cast<char>(absl::ascii_tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return {words.begin(), words.end()};
}

LearnedTerms TermsFromRatings(const std::vector<WeightedText>& texts, size_t max_terms) {
  std::map<std::string, double> sums;
  for (const auto& text : texts) {
    if (text.weight == 0 || !std::isfinite(text.weight)) continue;
    for (const std::string& word : DistinctWords(text.text)) sums[word] += text.weight;
  }
  double largest = 0;
  for (const auto& [word, sum] : sums) largest = std::max(largest, std::abs(sum));
  LearnedTerms terms;
  if (largest == 0) return terms;
  constexpr double kNegligible = 1e-9;  // sums that cancelled out
  for (const auto& [word, sum] : sums) {
    if (sum > kNegligible * largest) terms.toward.push_back({word, sum});
    if (sum < -kNegligible * largest) terms.away.push_back({word, sum});
  }
  // Strongest first; ties alphabetical (the map's order, kept by the stable sort).
  std::stable_sort(terms.toward.begin(), terms.toward.end(),
                   [](const LearnedTerm& a, const LearnedTerm& b) { return a.weight > b.weight; });
  std::stable_sort(terms.away.begin(), terms.away.end(),
                   [](const LearnedTerm& a, const LearnedTerm& b) { return a.weight < b.weight; });
  if (terms.toward.size() > max_terms) terms.toward.resize(max_terms);
  if (terms.away.size() > max_terms) terms.away.resize(max_terms);
  for (auto* list : {&terms.toward, &terms.away}) {
    for (LearnedTerm& term : *list) term.weight = std::round(term.weight / largest * 100) / 100;
  }
  return terms;
}

}  // namespace jobrec::feedback
