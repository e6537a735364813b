#include "jobrec/rank/learned_profile.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "jobrec/feedback/learned_part.h"
#include "jobrec/rank/ideal_postings.h"
#include "jobrec/rank/posting_vector.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/rank/ranker_training.h"
#include "jobrec/rank/user_feedback.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::rank {
namespace {

constexpr int kMaxReviewsLearnedFrom = 10000;
// Candidates the learned ranker re-ranks: this many per recommendation shown, at least kMinReranked.
constexpr size_t kRerankedPerShown = 5;
constexpr size_t kMinReranked = 100;

nlohmann::json TermsJson(const std::vector<feedback::LearnedTerm>& terms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& term : terms) out.push_back({{"term", term.term}, {"weight", term.weight}});
  return out;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Re-sorts `hits` by their scores under the accepted rules, dropping excluded postings.
absl::StatusOr<std::vector<index::SearchHit>> ApplyRules(store::Database& db, int64_t user_id,
                                                         const UserFeedback& feedback,
                                                         const profile::Profile& profile,
                                                         std::vector<index::SearchHit> hits) {
  std::vector<int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.posting_id);
  JOBREC_ASSIGN_OR_RETURN(auto postings, store::PostingReader(db).GetVisible(user_id, ids));
  std::unordered_map<int64_t, const store::StoredPosting*> by_id;
  for (const auto& posting : postings) by_id[posting.id] = &posting;
  std::vector<index::SearchHit> kept;
  for (const auto& hit : hits) {
    const auto it = by_id.find(hit.posting_id);
    if (it == by_id.end()) continue;
    if (auto score = AdjustedScore(feedback, profile, *it->second, hit.score)) {
      kept.push_back({hit.posting_id, static_cast<float>(*score)});
    }
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const index::SearchHit& a, const index::SearchHit& b) { return a.score > b.score; });
  return kept;
}

}  // namespace

absl::StatusOr<store::StoredLearnedProfile> CurrentLearnedProfile(store::Database& db,
                                                                  const FastTextEngine& engine,
                                                                  int64_t user_id) {
  store::LearnedProfileRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(auto stored, repo.Get(user_id));
  JOBREC_ASSIGN_OR_RETURN(const std::string inputs, repo.Inputs(user_id));
  store::StoredLearnedProfile learned = stored.value_or(store::StoredLearnedProfile{});
  const bool nothing_to_learn = inputs.rfind("0:", 0) == 0;
  if ((learned.model_version == engine.model_version() && learned.inputs == inputs) ||
      (nothing_to_learn && learned.vector.empty())) {
    return learned;
  }
  const std::shared_ptr<const index::VectorIndex> current = engine.index().Current();
  if (!current) return absl::UnavailableError("engine warming up: the index is not built yet");
  JOBREC_ASSIGN_OR_RETURN(auto reviews, store::ReviewRepo(db).List(user_id, std::nullopt, kMaxReviewsLearnedFrom));
  std::vector<int64_t> ids;
  for (const auto& review : reviews) {
    if (feedback::TeachingScore(review)) ids.push_back(review.posting_id);
  }
  JOBREC_ASSIGN_OR_RETURN(const auto rated, repo.RatedPostings(engine.model_version(), ids));
  std::vector<feedback::PostingForLearning> postings;
  for (const auto& posting : rated) {
    postings.push_back({posting.posting_id, CombinePostingVector(posting.title_vector, posting.description_vector),
                        posting.title, posting.description});
  }
  const feedback::LearnedPart part = feedback::ComputeLearnedPart(
      reviews, postings, static_cast<size_t>(current->dim()), NowMicros(), learned.reset_at_micros);
  learned.model_version = engine.model_version();
  learned.vector = part.reviews_used > 0 ? part.delta : std::vector<float>{};
  learned.terms_toward = TermsJson(part.terms.toward);
  learned.terms_away = TermsJson(part.terms.away);
  learned.reviews_used = part.reviews_used;
  learned.inputs = inputs;
  JOBREC_RETURN_IF_ERROR(repo.Put(user_id, learned));
  return learned;
}

absl::StatusOr<UserRecommendations> UserRecommendationsFor(store::Database& db, const FastTextEngine& engine,
                                                           int64_t user_id, const profile::Profile& profile,
                                                           index::SearchFilter filter, size_t limit,
                                                           double ideal_postings_weight) {
  JOBREC_ASSIGN_OR_RETURN(const UserFeedback feedback, LoadUserFeedback(db, user_id));
  RestrictFilter(feedback, profile, filter);
  UserRecommendations out;
  const std::vector<float> written = ProfileVector(engine.embedder(), profile);
  if (std::all_of(written.begin(), written.end(), [](float x) { return x == 0; })) {
    return absl::FailedPreconditionError(
        "the profile has no word the model knows: add job titles or skills in plain words");
  }
  JOBREC_ASSIGN_OR_RETURN(const std::vector<float> base,
                          FoldIdealPostings(db, engine.embedder(), engine.model_version(),
                                            engine.ideal_postings_cache(), user_id, written, ideal_postings_weight));
  const std::shared_ptr<const index::VectorIndex> current = engine.index().Current();
  if (!current) return absl::UnavailableError("engine warming up: the index is not built yet");
  const size_t max_k = current->options().max_k;
  JOBREC_ASSIGN_OR_RETURN(const store::StoredLearnedProfile learned, CurrentLearnedProfile(db, engine, user_id));
  const std::vector<float> query =
      learned.vector.size() == base.size() ? feedback::RefinedVector(base, learned.vector) : base;
  // With a learned ranker, more candidates are searched and the ranker picks the best `limit`.
  JOBREC_ASSIGN_OR_RETURN(out.ranker, RankerModelFor(db, user_id, engine.model_version()));
  const size_t wanted = out.ranker ? std::max<size_t>(limit * kRerankedPerShown, kMinReranked) : limit;
  const size_t candidates = std::max<size_t>(1, CandidatesFor(feedback, wanted, max_k));
  JOBREC_ASSIGN_OR_RETURN(out.hits, engine.Search(query, filter, candidates));
  if (NeedsPostings(feedback)) {
    JOBREC_ASSIGN_OR_RETURN(out.hits, ApplyRules(db, user_id, feedback, profile, std::move(out.hits)));
  }
  if (out.ranker) {
    JOBREC_ASSIGN_OR_RETURN(RankerInputs inputs,
                            LoadHitsRankerInputs(db, engine.model_version(), user_id, out.hits));
    out.ranker_candidates = std::make_shared<const RankerCandidates>(
        std::make_shared<const RankerInputs>(std::move(inputs)), profile, written);
    JOBREC_ASSIGN_OR_RETURN(out.hits, RerankHits(db, user_id, *out.ranker, *out.ranker_candidates,
                                                 std::move(out.hits)));
  }
  if (out.hits.size() > limit) out.hits.resize(limit);
  return out;
}

absl::StatusOr<std::vector<index::SearchHit>> RecommendForUser(store::Database& db,
                                                               const FastTextEngine& engine,
                                                               int64_t user_id,
                                                               const profile::Profile& profile,
                                                               index::SearchFilter filter, size_t limit,
                                                               double ideal_postings_weight) {
  JOBREC_ASSIGN_OR_RETURN(UserRecommendations found, UserRecommendationsFor(db, engine, user_id, profile,
                                                                            std::move(filter), limit,
                                                                            ideal_postings_weight));
  return std::move(found.hits);
}

}  // namespace jobrec::rank
