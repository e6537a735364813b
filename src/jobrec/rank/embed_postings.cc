#include "jobrec/rank/embed_postings.h"

#include "jobrec/rank/posting_vector.h"
#include "jobrec/store/posting_vector_repo.h"

namespace jobrec::rank {

absl::StatusOr<int64_t> EmbedPendingPostings(store::Database& db,
                                             const embed::SentenceEmbedder& embedder,
                                             const std::string& model_version,
                                             const EmbedPostingsOptions& options) {
  store::PostingVectorRepo repo(db);
  const int dim = embedder.Dimension();
  int64_t embedded = 0;
  int64_t after_id = 0;
  while (true) {
    if (options.stop_requested && options.stop_requested()) {
      return absl::CancelledError("embedding stopped");
    }
    JOBREC_ASSIGN_OR_RETURN(auto batch,
                            repo.PostingsToEmbed(model_version, after_id, options.batch_size));
    if (batch.empty()) return embedded;
    std::vector<std::string> titles, descriptions;
    for (const auto& p : batch) {
      titles.push_back(p.title);
      descriptions.push_back(p.description);
    }
    const PostingTextVectors vectors =
        EmbedPostingTexts(embedder, titles, descriptions, options.threads);
    const auto& t = vectors.titles;
    const auto& d = vectors.descriptions;
    std::vector<store::PostingVectorRow> rows;
    for (size_t i = 0; i < batch.size(); ++i) {
      rows.push_back({.posting_id = batch[i].id,
                      .content_hash = batch[i].content_hash,
                      .title = {t.begin() + i * dim, t.begin() + (i + 1) * dim},
                      .description = {d.begin() + i * dim, d.begin() + (i + 1) * dim}});
    }
    JOBREC_RETURN_IF_ERROR(repo.Upsert(model_version, rows));
    embedded += static_cast<int64_t>(batch.size());
    after_id = batch.back().id;
  }
}

}  // namespace jobrec::rank
