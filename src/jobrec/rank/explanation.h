// Why a posting was recommended, in words a person can check: which of the profile's job
// titles and technical skills the posting mentions (matched), and which of the posting's most
// specific title terms the profile does not mention (missing). "Specific" is BM25's idf over
// the postings the index was built from, so "engineer" ranks below "kubernetes".
//
// TermStats is immutable after construction; everything here is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/profile/profile.h"

namespace jobrec::rank {

class TermStats {
 public:
  TermStats() = default;
  // Counts each preprocessed token once per document.
  void AddDocument(const std::string& text);
  // BM25 idf: log(1 + (N - df + 0.5) / (df + 0.5)); unseen terms get the highest value.
  double Idf(const std::string& term) const;
  int64_t documents() const { return documents_; }

 private:
  int64_t documents_ = 0;
  std::unordered_map<std::string, int64_t> document_frequency_;
};

struct Explanation {
  std::vector<std::string> matched;  // profile titles and skills, as the profile spells them
  std::vector<std::string> missing;  // preprocessed posting title terms, most specific first
};

inline constexpr size_t kMaxMissingTerms = 5;
inline constexpr double kMinMissingIdf = 1.0;  // terms in over ~30% of postings say nothing

// A title or skill matches when every one of its preprocessed tokens occurs in the posting's
// title or description.
Explanation Explain(const profile::Profile& profile, const std::string& posting_title,
                    const std::string& posting_description, const TermStats& stats);

}  // namespace jobrec::rank
