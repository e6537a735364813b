#include "jobrec/rank/engine_loader.h"

#include "jobrec/embed/model_store.h"

namespace jobrec::rank {
namespace {

constexpr int kTextPage = 2000;

}  // namespace

absl::Status ForEachVisibleText(store::Database& db,
                                const std::function<void(const store::PostingText&)>& on_text) {
  store::PostingVectorRepo repo(db);
  int64_t after_id = 0;
  while (true) {
    JOBREC_ASSIGN_OR_RETURN(auto page, repo.VisibleTexts(after_id, kTextPage));
    if (page.empty()) return absl::OkStatus();
    after_id = page.back().id;
    for (const auto& text : page) on_text(text);
  }
}

absl::StatusOr<std::shared_ptr<const FastTextEngine>> BuildFastTextEngine(
    store::Database& db, std::shared_ptr<const embed::SentenceEmbedder> embedder,
    const std::string& model_version, const index::IndexOptions& options, std::stop_token stop) {
  auto stats = std::make_shared<TermStats>();
  JOBREC_RETURN_IF_ERROR(ForEachVisibleText(db, [&](const store::PostingText& text) {
    stats->AddDocument(text.title + "\n" + text.description);
  }));
  if (stop.stop_requested()) return absl::CancelledError("stopped");
  JOBREC_ASSIGN_OR_RETURN(auto built,
                          BuildPostingIndex(db, model_version, embedder->Dimension(), options));
  auto holder = std::make_shared<index::IndexHolder>();
  holder->Swap(std::move(built));
  return std::make_shared<const FastTextEngine>(std::move(embedder), model_version, std::move(holder),
                                                std::move(stats));
}

absl::StatusOr<std::shared_ptr<const FastTextEngine>> LoadNewestFastTextEngine(
    store::Database& db, const std::string& models_dir, const embed::EmbedderOptions& embedder,
    const index::IndexOptions& options) {
  JOBREC_ASSIGN_OR_RETURN(auto versions, embed::ListModelVersions(models_dir));
  if (versions.empty()) return absl::NotFoundError("no fastText model under " + models_dir);
  JOBREC_ASSIGN_OR_RETURN(embed::LoadedModel loaded,
                          embed::LoadModelVersion(models_dir + "/" + versions.back().version_id));
  JOBREC_ASSIGN_OR_RETURN(std::shared_ptr<const embed::SentenceEmbedder> made,
                          embed::SentenceEmbedder::Create(loaded.model, embedder));
  return BuildFastTextEngine(db, std::move(made), loaded.info.version_id, options);
}

absl::StatusOr<std::shared_ptr<const Bm25Index>> BuildVisibleBm25Index(store::Database& db) {
  std::vector<Bm25Document> documents;
  JOBREC_RETURN_IF_ERROR(ForEachVisibleText(db, [&](const store::PostingText& text) {
    documents.push_back({.id = text.id, .title = text.title, .description = text.description});
  }));
  return std::make_shared<const Bm25Index>(documents);
}

std::string ProfileKeywordQuery(const profile::Profile& profile) {
  std::string query;
  for (const auto& title : profile.job_titles) query += title + " ";
  for (const auto& skill : profile.technical_skills) query += skill.name + " ";
  query += profile.ideal_job;
  return query;
}

}  // namespace jobrec::rank
