// Building the fast retrieval engines from what PostgreSQL and the models folder hold, for
// processes without the server's FastTextService (a worker scoring a run's candidates) and for
// the service itself: the fastText engine of an embedder and model version, the newest saved
// model's engine, and the BM25 keyword index over the visible postings.
//
// Thread-safety: the functions are stateless; what they return is immutable and thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <stop_token>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/index/index_options.h"
#include "jobrec/profile/profile.h"
#include "jobrec/rank/bm25_index.h"
#include "jobrec/rank/fasttext_engine.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_vector_repo.h"

namespace jobrec::rank {

// Calls `on_text` for every visible posting, by id, a page at a time. Errors: the store's.
absl::Status ForEachVisibleText(store::Database& db,
                                const std::function<void(const store::PostingText&)>& on_text);

// The engine over the stored vectors of `model_version` (which `embedder` must have made):
// term statistics of the visible postings and the vector index of their vectors.
// Errors: Cancelled when `stop` is requested; the store's and the index's.
absl::StatusOr<std::shared_ptr<const FastTextEngine>> BuildFastTextEngine(
    store::Database& db, std::shared_ptr<const embed::SentenceEmbedder> embedder,
    const std::string& model_version, const index::IndexOptions& options, std::stop_token stop = {});

// The engine of the newest model version under `models_dir`, over the vectors stored for it
// (postings not yet embedded with it are not found). NotFound when there is no model; the
// model store's, the embedder's and BuildFastTextEngine's errors otherwise.
absl::StatusOr<std::shared_ptr<const FastTextEngine>> LoadNewestFastTextEngine(
    store::Database& db, const std::string& models_dir, const embed::EmbedderOptions& embedder,
    const index::IndexOptions& options);

// BM25 over the title and description of every visible posting. Errors: the store's.
absl::StatusOr<std::shared_ptr<const Bm25Index>> BuildVisibleBm25Index(store::Database& db);

// The keyword query a profile searches BM25 with: titles, technical skills and the ideal job.
std::string ProfileKeywordQuery(const profile::Profile& profile);

}  // namespace jobrec::rank
