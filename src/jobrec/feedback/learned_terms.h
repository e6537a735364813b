// The words a person's ratings pull their recommendations toward and push them away from, for
// the insights page: each rated posting's distinct words weighted by how far its rating is from
// neutral (and how recent it is), summed over the ratings. Words every posting shares cancel
// out; what is left says what the person likes and dislikes. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace jobrec::feedback {

struct WeightedText {
  std::string text;
  double weight = 0;  // > 0: liked, < 0: disliked
};

struct LearnedTerm {
  std::string term;
  double weight = 0;  // in [-1, 1]: the sum scaled by the largest absolute sum
};

struct LearnedTerms {
  std::vector<LearnedTerm> toward;  // strongest first
  std::vector<LearnedTerm> away;    // strongest (most negative) first
};

// The lower-cased words of `text` (letters and digits, at least 3 characters, not only digits,
// not a stop word), each once.
std::vector<std::string> DistinctWords(const std::string& text);

// At most `max_terms` each way.
LearnedTerms TermsFromRatings(const std::vector<WeightedText>& texts, size_t max_terms = 10);

}  // namespace jobrec::feedback
