// Model versions and posting vectors in PostgreSQL (sql/migrations/0030_embeddings.sql): what
// the embed step writes and the fastText index is built from at serve start. Runs as the
// service role (the connection's own), never on behalf of a user.
//
// Vectors are stored as real[] written with the shortest round-trip decimal of each float, so
// reading one back gives the same floats.
//
// Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

struct PostingText {
  int64_t id = 0;
  std::string title;
  std::string description;
  std::string content_hash;
};

struct PostingVectorRow {
  int64_t posting_id = 0;
  std::string content_hash;  // PostingText::content_hash of what was embedded
  std::vector<float> title;
  std::vector<float> description;
};

// A stored vector pair with the posting attributes the index filters on.
struct IndexedPostingVector {
  int64_t posting_id = 0;
  std::vector<float> title;
  std::vector<float> description;
  std::string remote;  // "unknown" | "onsite" | "hybrid" | "remote"
  std::string country;
  std::string city;
  std::optional<double> salary_annual_max;
  std::optional<int64_t> posted_at_unix;
};

class PostingVectorRepo {
 public:
  explicit PostingVectorRepo(Database& db) : db_(db) {}

  // Records a model version; a second call for the same id changes nothing.
  absl::Status RegisterModelVersion(const std::string& version_id, int dim,
                                    const nlohmann::json& info);

  // Visible postings (active, canonical) with id > after_id, by id, at most `limit` (1..10000).
  absl::StatusOr<std::vector<PostingText>> VisibleTexts(int64_t after_id, int limit);

  // Visible postings with id > after_id that have no vector of `model_version` or whose
  // content changed since it was made, by id, at most `limit` (1..10000).
  absl::StatusOr<std::vector<PostingText>> PostingsToEmbed(const std::string& model_version,
                                                           int64_t after_id, int limit);

  // Inserts or replaces the vectors of `model_version` (which must be registered:
  // FailedPrecondition otherwise) in one transaction. Postings deleted meanwhile are skipped.
  // InvalidArgument when a row's two vectors differ in length or are empty.
  absl::Status Upsert(const std::string& model_version, const std::vector<PostingVectorRow>& rows);

  // Vectors of `model_version` of visible, unexpired postings with id > after_id, by id, at
  // most `limit` (1..10000).
  absl::StatusOr<std::vector<IndexedPostingVector>> IndexRows(const std::string& model_version,
                                                              int64_t after_id, int limit);

 private:
  Database& db_;
};

}  // namespace jobrec::store
