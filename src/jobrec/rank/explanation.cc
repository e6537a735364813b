#include "jobrec/rank/explanation.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "jobrec/embed/text_preprocess.h"

namespace jobrec::rank {
namespace {

std::unordered_set<std::string> TokenSet(const std::string& text) {
  std::unordered_set<std::string> tokens;
  const std::string line = embed::PreprocessText(text);
  for (auto token : embed::SplitTokens(line)) tokens.emplace(token);
  return tokens;
}

bool AllTokensIn(const std::string& text, const std::unordered_set<std::string>& tokens) {
  const std::string line = embed::PreprocessText(text);
  const auto parts = embed::SplitTokens(line);
  if (parts.empty()) return false;
  return std::all_of(parts.begin(), parts.end(),
                     [&](std::string_view t) { return tokens.count(std::string(t)) > 0; });
}

}  // namespace

void TermStats::AddDocument(const std::string& text) {
  ++documents_;
  for (const auto& token : TokenSet(text)) ++document_frequency_[token];
}

double TermStats::Idf(const std::string& term) const {
  auto it = document_frequency_.find(term);
  const double df = it == document_frequency_.end() ? 0 : static_cast<double>(it->second);
  return std::log(1 + (documents_ - df + 0.5) / (df + 0.5));
}

Explanation Explain(const profile::Profile& profile, const std::string& posting_title,
                    const std::string& posting_description, const TermStats& stats) {
  Explanation explanation;
  const std::unordered_set<std::string> posting_tokens =
      TokenSet(posting_title + "\n" + posting_description);
  std::unordered_set<std::string> profile_tokens;
  auto consider = [&](const std::string& text) {
    if (AllTokensIn(text, posting_tokens) &&
        std::find(explanation.matched.begin(), explanation.matched.end(), text) ==
            explanation.matched.end()) {
      explanation.matched.push_back(text);
    }
    for (const auto& token : TokenSet(text)) profile_tokens.insert(token);
  };
  for (const auto& title : profile.job_titles) consider(title);
  for (const auto& skill : profile.technical_skills) consider(skill.name);
  for (const auto& token : TokenSet(profile.ideal_job)) profile_tokens.insert(token);

  std::vector<std::pair<double, std::string>> candidates;
  for (const auto& token : TokenSet(posting_title)) {
    if (profile_tokens.count(token)) continue;
    const double idf = stats.Idf(token);
    if (idf >= kMinMissingIdf) candidates.emplace_back(idf, token);
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; i < candidates.size() && i < kMaxMissingTerms; ++i) {
    explanation.missing.push_back(candidates[i].second);
  }
  return explanation;
}

}  // namespace jobrec::rank
