// Reads postings for the API and for recommendations, as the API role (jobrec_api) on behalf of a
// user: postings are shared data, readable by every signed-in user.
//
// Listings show visible postings only: active, canonical (not a duplicate of another) and not
// past expires_at, newest first (posted_at, else first seen), with keyset pagination on
// (listed_at, id) so pages stay stable while postings arrive.
//
// Thread-safe: each call is one read-only transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_row.h"

namespace jobrec::store {

// Where a listing page ends: the last item's sort key.
struct PostingListPosition {
  int64_t listed_at_micros = 0;  // microseconds since the epoch
  int64_t id = 0;
};

struct PostingListQuery {
  std::string text;  // full-text filter (websearch_to_tsquery syntax); "" lists everything
  int limit = 20;    // 1..1000
  std::optional<PostingListPosition> after;
};

struct PostingListPage {
  std::vector<StoredPosting> items;
  int64_t total = 0;                        // visible postings matching `text`, over all pages
  std::optional<PostingListPosition> next;  // nullopt on the last page
};

struct PostingDetail {
  StoredPosting posting;
  // The postings of its cluster, the canonical one first: every place the job was seen.
  std::vector<PostingSourceLink> sources;
};

class PostingReader {
 public:
  explicit PostingReader(Database& db) : db_(db) {}

  // InvalidArgument for a limit outside 1..1000.
  absl::StatusOr<PostingListPage> List(int64_t user_id, const PostingListQuery& query);
  // Any posting by id (expired and duplicates too); nullopt when there is none.
  absl::StatusOr<std::optional<PostingDetail>> Get(int64_t user_id, int64_t id);
  // Visible postings by id, in the order of `ids` (unknown or hidden ids are left out): for
  // the recommendations endpoint.
  absl::StatusOr<std::vector<StoredPosting>> GetVisible(int64_t user_id, const std::vector<int64_t>& ids);

  // Whether the postings table holds any row (service role; the demo loader's check).
  absl::StatusOr<bool> Empty();

 private:
  Database& db_;
};

}  // namespace jobrec::store
