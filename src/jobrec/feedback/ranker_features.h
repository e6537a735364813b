// The learned ranker's features for one (profile, posting) pair: how well the posting matches
// what the person wrote (embedding and keyword similarity, skills, salary, place, work mode,
// seniority), how fresh it is, the LLM's opinion when there is one, and how close it is to the
// postings the person already rated (content-based feedback signals). Every optional input has
// a "missing" indicator next to a neutral value, so a linear model can learn what an unknown
// salary or an unscored posting is worth instead of reading it as a zero.
//
// The engine-side numbers (cosines, BM25, LLM score, similarity to rated postings) are
// computed by the caller and passed in `RankerSignals`; this file only turns plain inputs into
// numbers. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jobrec/profile/profile.h"

namespace jobrec::feedback {

// What the features need to know of a posting (a plain copy of the stored posting's fields).
struct PostingFacts {
  std::string title;
  std::string description;
  std::optional<int> job_zone;  // O*NET job zone 1..5 (labels.job_zone), when known
  std::string remote;           // "onsite" | "hybrid" | "remote" | "" (unknown)
  std::string city, region, country, location_text;
  std::optional<double> salary_min, salary_max;
  std::string salary_currency;        // ISO 4217, "" when unknown
  std::string salary_period = "year"; // "year" | "month" | "week" | "day" | "hour"
  std::optional<double> age_days;     // since posted_at, when known
};

// Ratings at or above kLikedScore are "liked", at or below kDislikedScore "disliked", for
// RankerSignals::liked_similarity / disliked_similarity.
inline constexpr double kLikedScore = 7;
inline constexpr double kDislikedScore = 4;

// Scores computed by the engines for this pair.
struct RankerSignals {
  // The score of the engine that proposed the posting: cosine(profile vector, the posting's
  // index vector) for the fastText engine.
  double engine_score = 0;
  double title_similarity = 0;        // cosine(profile vector, title vector)
  double description_similarity = 0;  // cosine(profile vector, description vector)
  double keyword_score = 0;           // BM25 / best BM25 among the candidates, in [0, 1]
  std::optional<double> llm_score;    // 0..10, when the LLM engine scored the pair
  // Highest cosine between this posting's vector and the vectors of the postings the person
  // rated >= 7 (liked) or <= 4 (disliked); nullopt when there are none.
  std::optional<double> liked_similarity;
  std::optional<double> disliked_similarity;
};

// Feature names, in the order RankerFeatures returns values; stable identifiers stored with
// a serialised model, so a model trained on another feature set is recognised.
const std::vector<std::string>& RankerFeatureNames();

// One value per RankerFeatureNames() entry. Values are in [0, 1] (indicators 0 or 1) except
// the engine score and the cosines, which are in [-1, 1].
std::vector<double> RankerFeatures(const profile::Profile& profile, const PostingFacts& posting,
                                   const RankerSignals& signals);

// The parts, exposed for tests and explanations; nullopt = unknown.
// Years of experience the profile's level stands for ("3-5 years" -> 4).
std::optional<double> ExperienceYears(const std::string& experience_level);
// The O*NET job zone a person with `years` of experience typically works in (1..5).
int ExpectedJobZone(double years);
// Share of the technical-skill weight whose skill name occurs in the posting (whole words,
// case-insensitive); nullopt when the profile lists no technical skill.
std::optional<double> SkillOverlap(const profile::Profile& profile, const PostingFacts& posting);
// 1 when the posting's best yearly pay reaches the minimum, else the ratio; nullopt when
// either side is unknown or the currencies differ.
std::optional<double> SalaryFit(const profile::Profile& profile, const PostingFacts& posting);
// 1 when the posting is remote or in one of the profile's locations, else 0; nullopt when the
// profile names no location.
std::optional<double> LocationFit(const profile::Profile& profile, const PostingFacts& posting);
// How well the posting's work mode suits the preference (1 best); nullopt when the
// preference is "any" or the posting's mode is unknown.
std::optional<double> RemoteFit(const profile::Profile& profile, const PostingFacts& posting);

}  // namespace jobrec::feedback
