// Finishing a sync pass and expiring postings (posting_writer.h).
#include "jobrec/store/posting_write_steps.h"

namespace jobrec::store::internal {
namespace {

// Full-sync sources deliver their whole set each pass: an active posting of the source that
// this pass did not deliver missed one more pass, and expires after enough of them in a row.
constexpr char kCountMissed[] = R"sql(
UPDATE posting_sightings s SET missed_syncs = s.missed_syncs + 1
FROM postings p
WHERE p.id = s.posting_id AND p.source_id = $1 AND p.status = 'active'
  AND s.last_seen_run IS DISTINCT FROM $2
RETURNING s.posting_id, s.missed_syncs >= $3)sql";

constexpr char kExpireIds[] = "UPDATE postings SET status = 'expired' WHERE id = ANY($1::bigint[])";

constexpr char kExpireByDate[] = R"sql(
UPDATE postings SET status = 'expired'
WHERE status = 'active' AND expires_at <= now() AND ($1::bigint IS NULL OR source_id = $1)
RETURNING id)sql";

// A cluster whose canonical posting expired is led by its earliest active duplicate from now
// on; the other members, and the expired posting itself, point at the new leader.
constexpr char kPromote[] = R"sql(
WITH promoted AS (
  SELECT DISTINCT ON (d.canonical_id) d.canonical_id AS old_id, d.id AS new_id
  FROM postings d
  WHERE d.canonical_id = ANY($1::bigint[]) AND d.status = 'active'
  ORDER BY d.canonical_id, d.id)
UPDATE postings p
SET canonical_id = CASE WHEN p.id = pr.new_id THEN NULL ELSE pr.new_id END
FROM promoted pr
WHERE p.canonical_id = pr.old_id OR p.id = pr.old_id)sql";

constexpr char kFinishRun[] = R"sql(
UPDATE sync_runs SET state = 'succeeded', finished_at = now(), expired = expired + $2, error = NULL
WHERE id = $1)sql";

void Promote(pqxx::work& tx, const std::vector<int64_t>& expired_ids) {
  if (!expired_ids.empty()) tx.exec_params(kPromote, BigintArrayLiteral(expired_ids));
}

std::vector<int64_t> ExpireByDate(pqxx::work& tx, std::optional<int64_t> source_id) {
  std::vector<int64_t> ids;
  for (const auto& r : tx.exec_params(kExpireByDate, source_id)) ids.push_back(r[0].as<int64_t>());
  return ids;
}

}  // namespace

int64_t FinishPass(pqxx::work& tx, const PassPage& pass) {
  std::vector<int64_t> expired;
  if (pass.full_sync) {
    for (const auto& r :
         tx.exec_params(kCountMissed, pass.source_id, pass.run_id, pass.expire_after_missed_syncs)) {
      if (r[1].as<bool>()) expired.push_back(r[0].as<int64_t>());
    }
    if (!expired.empty()) tx.exec_params(kExpireIds, BigintArrayLiteral(expired));
  }
  const std::vector<int64_t> past_due = ExpireByDate(tx, pass.source_id);
  expired.insert(expired.end(), past_due.begin(), past_due.end());
  Promote(tx, expired);
  // A full-sync source starts its next pass from the beginning; an incremental one from where
  // the connector says (its since-date).
  tx.exec_params(
      "UPDATE sources SET cursor = nullif($2::jsonb, 'null'::jsonb), updated_at = now() WHERE id = $1",
      pass.source_id, pass.full_sync ? std::string("null") : pass.next_cursor.dump());
  tx.exec_params(kFinishRun, pass.run_id, static_cast<int64_t>(expired.size()));
  return static_cast<int64_t>(expired.size());
}

int64_t ExpirePastDue(pqxx::work& tx, std::optional<int64_t> source_id) {
  const std::vector<int64_t> expired = ExpireByDate(tx, source_id);
  Promote(tx, expired);
  return static_cast<int64_t>(expired.size());
}

}  // namespace jobrec::store::internal
