// The embed step: gives every visible posting a title vector and a description vector of the
// current model in PostgreSQL (store/posting_vector_repo.h), in batches, each batch one
// upsert transaction keyed by (posting, model version). Running it again, or concurrently
// with itself, is harmless: it only picks postings without a current vector.
// The task kind `embed.postings` runs this.
//
// Thread-safety: stateless; the embedder is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/store/database.h"

namespace jobrec::rank {

inline constexpr char kEmbedPostingsTaskKind[] = "embed.postings";

struct EmbedPostingsOptions {
  int batch_size = 500;  // postings per transaction, 1..10000
  int threads = 1;       // embedding threads per batch
  std::function<bool()> stop_requested;  // checked between batches (optional)
};

// Returns how many postings were embedded. The model version must be registered
// (PostingVectorRepo::RegisterModelVersion). Errors: the store's; Cancelled when stopped
// (the finished batches stay).
absl::StatusOr<int64_t> EmbedPendingPostings(store::Database& db,
                                             const embed::SentenceEmbedder& embedder,
                                             const std::string& model_version,
                                             const EmbedPostingsOptions& options = {});

}  // namespace jobrec::rank
