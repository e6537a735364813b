#include "jobrec/store/posting_writer.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/store/connection_pool.h"
#include "jobrec/store/copy_text.h"
#include "jobrec/store/posting_read_ahead.h"
#include "jobrec/store/posting_write_steps.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace {

using Field = std::optional<std::string>;

// The temporary table's columns, in COPY order: what tells new, changed and unchanged postings
// apart, and what dedupe looks candidates up by (posting_dedupe.cc). The large columns never
// pass through it.
constexpr std::array<const char*, 15> kIncomingColumns = {
    "n", "provider", "external_id", "content_hash", "expires_at", "posted_at", "dedupe_key", "simhash",
    "simhash_bands", "url_canonical", "company_norm", "seniority", "country", "remote", "city_norm"};

constexpr char kCreateIncoming[] = R"sql(
CREATE TEMPORARY TABLE posting_incoming (
  n integer, provider text, external_id text, content_hash text, expires_at timestamptz,
  posted_at timestamptz, dedupe_key text, simhash bigint, simhash_bands integer[],
  url_canonical text, company_norm text, seniority text, country text, remote text, city_norm text
) ON COMMIT DROP)sql";

// The postings columns a writer fills, in COPY order: first the four it decides in the
// transaction, then the posting's own (PreparedPage's records).
constexpr std::array<const char*, 35> kPostingColumns = {
    "id", "canonical_id", "source_id", "status", "provider", "external_id", "url", "title", "company",
    "location_text", "city", "region", "country", "remote", "salary_min", "salary_max",
    "salary_currency", "salary_period", "salary_annual_min", "salary_annual_max", "employment_type",
    "description", "posted_at", "expires_at", "labels", "raw", "content_hash", "dedupe_key", "simhash",
    "simhash_bands", "url_canonical", "title_norm", "company_norm", "seniority", "city_norm"};

// Changed postings are COPYed here, then rewritten from it.
constexpr char kCreateChanged[] = R"sql(
CREATE TEMPORARY TABLE posting_changed ON COMMIT DROP AS
SELECT id, canonical_id, source_id, status, provider, external_id, url, title, company,
       location_text, city, region, country, remote, salary_min, salary_max, salary_currency,
       salary_period, salary_annual_min, salary_annual_max, employment_type, description,
       posted_at, expires_at, labels, raw, content_hash, dedupe_key, simhash, simhash_bands,
       url_canonical, title_norm, company_norm, seniority, city_norm
FROM postings WITH NO DATA)sql";

// Rewrites changed postings (kept apart from new ones: an UPDATE costs more than a COPY). The
// source stays when the row has none (written without a pass).
constexpr char kRewriteChanged[] = R"sql(
UPDATE postings p SET
  url = c.url, title = c.title, company = c.company, location_text = c.location_text,
  city = c.city, region = c.region, country = c.country, remote = c.remote,
  salary_min = c.salary_min, salary_max = c.salary_max, salary_currency = c.salary_currency,
  salary_period = c.salary_period, salary_annual_min = c.salary_annual_min,
  salary_annual_max = c.salary_annual_max, employment_type = c.employment_type,
  description = c.description, posted_at = c.posted_at, expires_at = c.expires_at,
  labels = c.labels, raw = c.raw, content_hash = c.content_hash, dedupe_key = c.dedupe_key,
  simhash = c.simhash, simhash_bands = c.simhash_bands, url_canonical = c.url_canonical,
  title_norm = c.title_norm, company_norm = c.company_norm, seniority = c.seniority,
  city_norm = c.city_norm, canonical_id = c.canonical_id,
  source_id = coalesce(c.source_id, p.source_id), status = c.status, content_changed_at = now()
FROM posting_changed c WHERE p.id = c.id)sql";

// Each incoming row's stored posting, if any ($1: the pass's source): whether its content hash
// is unchanged; for an unchanged one whether its status or source must move (a posting back in
// its source after it expired); for a changed one whether it leads a cluster (other postings
// point at it); and the transaction's clock. The LATERAL lookup keeps each row an index probe:
// during a bulk import, before postings is analysed again, a plain join was planned as a scan of
// the whole table per page (38 ms on the first page of a 100k import, 129 ms on the 20th).
constexpr char kStoredState[] = R"sql(
SELECT i.n, p.id, p.canonical_id, p.unchanged, p.leads_cluster, p.moved, extract(epoch FROM now())::bigint
FROM posting_incoming i
LEFT JOIN LATERAL (
  SELECT p.id, p.canonical_id, p.content_hash = i.content_hash AS unchanged,
         p.content_hash <> i.content_hash
           AND EXISTS (SELECT 1 FROM postings d WHERE d.canonical_id = p.id) AS leads_cluster,
         p.status <> CASE WHEN p.expires_at <= now() THEN 'expired' ELSE 'active' END
           OR p.source_id IS DISTINCT FROM coalesce($1::bigint, p.source_id) AS moved
  FROM postings p WHERE p.provider = i.provider AND p.external_id = i.external_id LIMIT 1) p ON true
ORDER BY i.provider, i.external_id)sql";

// Unchanged postings whose status or source moved ($1: their ids): rewritten before dedupe
// looks for candidates, so that a posting back in its source is one again.
constexpr char kMoveUnchanged[] = R"sql(
UPDATE postings SET status = CASE WHEN expires_at <= now() THEN 'expired' ELSE 'active' END,
                    source_id = coalesce($2::bigint, source_id)
WHERE id = ANY($1::bigint[]))sql";

// The sightings of the page's postings, unchanged or written ($2), and the search indexer's
// queue (posting_writer_search.h) of those written ($3).
constexpr char kRecordSeen[] = R"sql(
WITH queued AS (
  INSERT INTO posting_search_queue (posting_ids) SELECT $3::bigint[] WHERE cardinality($3::bigint[]) > 0)
INSERT INTO posting_sightings AS s (posting_id, last_seen_run)
SELECT unnest($2::bigint[]), $1
ON CONFLICT (posting_id) DO UPDATE SET last_seen_run = coalesce(EXCLUDED.last_seen_run, s.last_seen_run),
                                       missed_syncs = 0, retrieved_at = now())sql";

// The page's source, held until the page commits so that it cannot be deleted meanwhile (a
// deletion waits, then clears the postings' source_id: sql/migrations/0063).
constexpr char kLockSource[] = "SELECT 1 FROM sources WHERE id = $1 FOR KEY SHARE";

// Adds a page's counts to its run; keeps the first kMaxStoredRejections rejections.
constexpr char kRecordPage[] = R"sql(
UPDATE sync_runs SET
  pages = pages + 1, seen = seen + $2, new = new + $3, updated = updated + $4,
  unchanged = unchanged + $5, rejected = rejected + $6,
  rejections = CASE WHEN jsonb_array_length(rejections) >= $8 THEN rejections ELSE (
    SELECT coalesce(jsonb_agg(e ORDER BY n), '[]'::jsonb)
    FROM (SELECT e, n FROM jsonb_array_elements(rejections || $7::jsonb) WITH ORDINALITY AS x(e, n)
          ORDER BY n LIMIT $8) kept) END
WHERE id = $1 AND source_id = $9 AND state = 'running')sql";

std::string FormatDouble(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

Field OptionalDouble(const std::optional<double>& value) {
  if (!value) return std::nullopt;
  return FormatDouble(*value);
}

Field OptionalTime(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  // Epoch seconds through to_timestamp would need a cast per row; ISO 8601 parses directly.
  const auto day = std::chrono::floor<std::chrono::days>(*t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(*t - day);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return std::string(buffer);
}

std::string IntArrayLiteral(const std::vector<int32_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) absl::StrAppend(&out, i ? "," : "", values[i]);
  return out + "}";
}

// PostgreSQL json and jsonb cannot hold U+0000, which JSON input can: its escapes become
// U+FFFD rather than failing the whole page. (CopyLine drops it from text.)
constexpr std::string_view kEscapedNul = "\\u0000";

std::string JsonText(std::string json) {
  for (size_t at = json.find(kEscapedNul); at != std::string::npos; at = json.find(kEscapedNul, at)) {
    json.replace(at, kEscapedNul.size(), "\\ufffd");
  }
  return json;
}

std::string JsonText(const nlohmann::json& value) {
  return JsonText(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// JSON text as a COPY field (copied only when it has an escaped U+0000).
void AddJson(CopyLine& line, const std::string& json) {
  if (json.find(kEscapedNul) == std::string::npos) {
    line.Text(json);
  } else {
    line.Text(JsonText(json));
  }
}

// A row's fields that its content hash and both its COPY lines use, formatted once.
struct FormattedFields {
  explicit FormattedFields(const PostingRow& r)
      : posted_at(OptionalTime(r.posted_at)),
        expires_at(OptionalTime(r.expires_at)),
        simhash(std::to_string(r.dedupe.simhash)),
        bands(IntArrayLiteral(r.dedupe.bands)),
        labels(JsonText(r.labels)) {}

  Field posted_at, expires_at;
  std::string simhash, bands, labels;
};

// The temporary table's line of row `n` (kIncomingColumns).
std::string KeyLine(int32_t n, const PostingRow& r, const FormattedFields& f, const std::string& content_hash) {
  CopyLine line;
  line.Text(std::to_string(n)).Text(r.provider).Text(r.external_id).Text(content_hash);
  line.Field(f.expires_at).Field(f.posted_at);
  line.Text(r.dedupe.key).Text(f.simhash).Text(f.bands);
  line.Text(r.dedupe.url).Text(r.dedupe.company).Text(r.dedupe.seniority);
  line.Text(r.country).Text(r.remote).Text(r.dedupe.city);
  return line.Release();
}

// A posting's own fields (kPostingColumns after the decided ones), as COPY text.
std::string RecordFields(const PostingRow& r, const FormattedFields& f, const std::string& content_hash) {
  CopyLine line;
  line.Text(r.provider).Text(r.external_id).Text(r.url).Text(r.title).Text(r.company);
  line.Text(r.location_text).Text(r.city).Text(r.region).Text(r.country).Text(r.remote);
  if (r.salary) {
    const SalaryRow& s = *r.salary;
    line.Field(OptionalDouble(s.min)).Field(OptionalDouble(s.max)).Text(s.currency).Text(s.period);
    line.Field(OptionalDouble(s.annual_min)).Field(OptionalDouble(s.annual_max));
  } else {
    line.Null().Null().Text("").Null().Null().Null();
  }
  line.Text(r.employment_type).Text(r.description);
  line.Field(f.posted_at).Field(f.expires_at);
  line.Text(f.labels);
  AddJson(line, r.raw_json);
  line.Text(content_hash).Text(r.dedupe.key).Text(f.simhash);
  line.Text(f.bands).Text(r.dedupe.url).Text(r.dedupe.title);
  line.Text(r.dedupe.company).Text(r.dedupe.seniority).Text(r.dedupe.city);
  return line.Release();
}

// The rows to write: one per key (the last wins), sorted by key so that concurrent writes
// lock rows in the same order.
std::vector<const PostingRow*> UniqueRows(const std::vector<PostingRow>& rows) {
  std::unordered_map<std::string, const PostingRow*> by_key;
  for (const PostingRow& row : rows) by_key[internal::RowKey(row.provider, row.external_id)] = &row;
  std::vector<const PostingRow*> unique;
  unique.reserve(by_key.size());
  for (const auto& [key, row] : by_key) unique.push_back(row);
  std::sort(unique.begin(), unique.end(), [](const PostingRow* a, const PostingRow* b) {
    return std::tie(a->provider, a->external_id) < std::tie(b->provider, b->external_id);
  });
  return unique;
}

// The writer's statements are many small index lookups; their summed cost estimates can pass
// jit_above_cost, and compiling them costs seconds for no gain.
TxOptions WriteOptions(std::string name) { return {.name = std::move(name), .settings = {{"jit", "off"}}}; }

// A page of a pass before its last one commits without waiting for its WAL to reach the disk:
// a crash may lose the last moments' pages, but each with the cursor saved with it, so the
// resumed pass fetches them again. The pass's last page, and writes without a pass (which
// have no cursor to fall back on), are durable when Write returns.
TxOptions PageOptions(const PageWrite& page) {
  TxOptions options = WriteOptions("posting_writer.Write");
  if (page.pass && !page.pass->last) options.settings.emplace_back("synchronous_commit", "off");
  return options;
}

// The page's rows against the stored postings.
struct PageState {
  // New and changed rows, each with its stored id or a newly allocated one (in key order),
  // sorted by id: the order dedupe decides in.
  std::vector<internal::IncomingPosting> incoming;
  std::vector<int64_t> unchanged;  // ids of stored postings with the same content hash
  std::vector<int64_t> moved;      // those of them whose status or source moved
};

PageState StoredState(pqxx::work& tx, const std::vector<const PostingRow*>& rows,
                      std::optional<int64_t> source_id, bool read_ahead) {
  PageState state;
  size_t fresh = 0;
  for (const auto& r : tx.exec_params(kStoredState, source_id)) {
    const Timestamp now(std::chrono::seconds(r[6].as<int64_t>()));
    internal::IncomingPosting p;
    p.n = r[0].as<int32_t>();
    p.row = rows.at(static_cast<size_t>(p.n));
    p.exists = !r[1].is_null();
    if (p.exists) {
      p.id = r[1].as<int64_t>();
      if (r[3].as<bool>()) {
        state.unchanged.push_back(p.id);
        if (r[5].as<bool>()) state.moved.push_back(p.id);
        continue;
      }
      if (!r[2].is_null()) p.canonical_id = r[2].as<int64_t>();
      p.leads_cluster = r[4].as<bool>();
    } else {
      ++fresh;
    }
    p.active = !p.row->expires_at || *p.row->expires_at > now;
    state.incoming.push_back(p);
  }
  if (!state.moved.empty()) {
    if (read_ahead) return state;  // the write transaction reads this page again
    tx.exec_params(kMoveUnchanged, internal::BigintArrayLiteral(state.moved), source_id);
  }
  if (fresh > 0) {
    std::vector<int64_t> ids;
    for (const auto& r : tx.exec_params("SELECT nextval('postings_id_seq') FROM generate_series(1, $1)",
                                        static_cast<int64_t>(fresh))) {
      ids.push_back(r[0].as<int64_t>());
    }
    std::sort(ids.begin(), ids.end());
    size_t next = 0;
    for (internal::IncomingPosting& p : state.incoming) {
      if (!p.exists) p.id = ids[next++];
    }
  }
  std::sort(state.incoming.begin(), state.incoming.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return state;
}

nlohmann::json RejectionsJson(const std::vector<RejectionRow>& rejected) {
  nlohmann::json out = nlohmann::json::array();
  for (const RejectionRow& r : rejected) {
    if (out.size() >= static_cast<size_t>(kMaxStoredRejections)) break;
    out.push_back({{"where", r.where}, {"reason", r.reason}});
  }
  return out;
}

}  // namespace

namespace {

std::string ContentHash(const PostingRow& r, const FormattedFields& f) {
  std::string content;
  content.reserve(r.description.size() + 512);
  auto add = [&](const std::string& value) {
    content += value;
    content += '\x1f';
  };
  for (const std::string* field : {&r.url, &r.title, &r.company, &r.location_text, &r.city, &r.region,
                                   &r.country, &r.remote, &r.employment_type, &r.description}) {
    add(*field);
  }
  if (r.salary) {
    add(OptionalDouble(r.salary->min).value_or("-"));
    add(OptionalDouble(r.salary->max).value_or("-"));
    add(r.salary->currency);
    add(r.salary->period);
  } else {
    add("no salary");
  }
  add(f.posted_at.value_or("-"));
  add(f.expires_at.value_or("-"));
  add(f.labels);

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(content.data(), content.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace

std::string PostingContentHash(const PostingRow& r) { return ContentHash(r, FormattedFields(r)); }

namespace internal {

std::string RowKey(const std::string& provider, const std::string& external_id) {
  return absl::StrCat(provider, "\x1f", external_id);
}

std::string BigintArrayLiteral(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) absl::StrAppend(&out, i ? "," : "", values[i]);
  return out + "}";
}

}  // namespace internal

PreparedPage PostingWriter::Prepare(PageWrite page) {
  PreparedPage prepared;
  prepared.page_ = std::move(page);
  prepared.rows_ = UniqueRows(prepared.page_.rows);
  const size_t count = prepared.rows_.size();
  prepared.keys_.reserve(count);
  prepared.records_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const PostingRow& row = *prepared.rows_[i];
    const FormattedFields formatted(row);
    const std::string hash = ContentHash(row, formatted);
    prepared.keys_.push_back(KeyLine(static_cast<int32_t>(i), row, formatted, hash));
    prepared.records_.push_back(RecordFields(row, formatted, hash));
  }
  return prepared;
}

namespace {

// COPYs the records of `postings` into `table` (postings, or posting_changed), after the
// decisions made for them.
void CopyPostings(pqxx::work& tx, const std::string& table, const std::vector<internal::IncomingPosting*>& postings,
                  const std::vector<std::string>& records, std::optional<int64_t> source_id) {
  if (postings.empty()) return;
  const Field source = source_id ? Field(std::to_string(*source_id)) : std::nullopt;
  CopyStream copy(tx, table, std::vector<std::string>(kPostingColumns.begin(), kPostingColumns.end()));
  CopyLine line;
  for (const internal::IncomingPosting* p : postings) {
    line.Clear();
    line.Text(std::to_string(p->id));
    line.Field(p->canonical_id ? Field(std::to_string(*p->canonical_id)) : std::nullopt);
    line.Field(source).Text(p->active ? "active" : "expired");
    line.Fields(records[static_cast<size_t>(p->n)]);
    copy.Write(line.text());
  }
  copy.Complete();
}

std::optional<int64_t> SourceOf(const PageWrite& page) {
  return page.pass ? std::optional(page.pass->source_id) : std::nullopt;
}

}  // namespace

namespace internal {

PageReading ReadPage(pqxx::work& tx, const PageWrite& page, const std::vector<const PostingRow*>& rows,
                     const std::vector<std::string>& keys, const DuplicateResolver& resolver,
                     const PageBefore* before) {
  PageReading reading;
  if (rows.empty()) return reading;
  tx.exec(kCreateIncoming);
  {
    CopyStream copy(tx, "posting_incoming", std::vector<std::string>(kIncomingColumns.begin(), kIncomingColumns.end()));
    for (const std::string& line : keys) copy.Write(line);
    copy.Complete();
  }
  // The row count for the planner (the join columns' statistics come free): joined with
  // postings, a page should use its unique index, not a scan of the whole table.
  tx.exec("ANALYZE posting_incoming (provider, external_id)");
  PageState state = StoredState(tx, rows, SourceOf(page), before != nullptr);
  reading.rewrites_stored = !state.moved.empty();
  if (before != nullptr) {
    reading.usable = state.moved.empty();
    for (IncomingPosting& p : state.incoming) {
      if (before->keys.count(RowKey(p.row->provider, p.row->external_id))) reading.usable = false;
      // The page before may have linked postings to this one; this transaction cannot see them.
      if (p.exists && before->canonical_ids.count(p.id)) p.leads_cluster = true;
    }
    if (!reading.usable) return reading;
  }
  reading.unchanged = std::move(state.unchanged);
  reading.incoming = std::move(state.incoming);
  for (const IncomingPosting& p : reading.incoming) reading.rewrites_stored |= p.exists;
  if (!reading.incoming.empty()) {
    reading.duplicates = DecideDuplicates(
        tx, reading.incoming, resolver,
        before ? std::span<const IncomingPosting>(before->postings) : std::span<const IncomingPosting>());
  }
  return reading;
}

}  // namespace internal

namespace {

// Stores a page as read: its postings, their sightings and the search queue.
WriteCounts WriteReading(pqxx::work& tx, const PageWrite& page, const std::vector<std::string>& records,
                         internal::PageReading& reading) {
  const std::optional<int64_t> source_id = SourceOf(page);
  const std::optional<int64_t> run_id = page.pass ? std::optional(page.pass->run_id) : std::nullopt;
  WriteCounts counts;
  counts.unchanged = static_cast<int64_t>(reading.unchanged.size());
  counts.duplicates = reading.duplicates;
  std::vector<internal::IncomingPosting*> fresh, changed;
  std::vector<int64_t> written;
  for (internal::IncomingPosting& p : reading.incoming) {
    (p.exists ? changed : fresh).push_back(&p);
    written.push_back(p.id);
  }
  CopyPostings(tx, "postings", fresh, records, source_id);
  if (!changed.empty()) {
    tx.exec(kCreateChanged);
    CopyPostings(tx, "posting_changed", changed, records, source_id);
    tx.exec(kRewriteChanged);
  }
  counts.inserted = static_cast<int64_t>(fresh.size());
  counts.updated = static_cast<int64_t>(changed.size());
  if (!page.rows.empty()) {
    std::vector<int64_t> seen = reading.unchanged;
    seen.insert(seen.end(), written.begin(), written.end());
    tx.exec_params(kRecordSeen, run_id, internal::BigintArrayLiteral(seen), internal::BigintArrayLiteral(written));
  }
  return counts;
}

}  // namespace

PostingWriter::PostingWriter(Database& db, DuplicateResolver resolver)
    : db_(db), resolver_(std::move(resolver)), search_indexer_(db), burst_(std::make_unique<Burst>()) {}

PostingWriter::~PostingWriter() { burst_->Abandon(); }

absl::StatusOr<WriteCounts> PostingWriter::Write(const PreparedPage& page) { return Write(page, nullptr); }

absl::StatusOr<WriteCounts> PostingWriter::Write(const PreparedPage& page, const NextPage& next) {
  search_indexer_.WriteStarted();
  absl::StatusOr<WriteCounts> counts = WritePage(page, next);
  search_indexer_.WriteFinished(counts.ok() && counts->inserted + counts->updated > 0);
  return counts;
}

absl::StatusOr<WriteCounts> PostingWriter::WritePage(const PreparedPage& prepared, const NextPage& next) {
  Burst& burst = *burst_;
  // This page's reading, if it was read ahead beside the page before.
  std::optional<internal::PageReading> ahead;
  if (burst.ahead.valid()) {
    absl::StatusOr<internal::PageReading> read = burst.ahead.get();
    const bool mine = burst.ahead_page == &prepared;
    burst.ahead_page = nullptr;
    if (!read.ok()) {
      log::Warn("posting_writer.read_ahead_failed", {{"error", read.status().ToString()}});
    } else if (mine && read->usable) {
      ahead = std::move(*read);
      ++pages_read_ahead_;
    }
  }
  const PageWrite& page = prepared.page_;
  const bool may_continue = next && !(page.pass && page.pass->last);
  const bool on_burst_connection = may_continue || burst.locked;
  if (on_burst_connection && !burst.connection) {
    JOBREC_ASSIGN_OR_RETURN(burst.connection, db_.pool().ConnectDedicated());
  }
  WriteCounts counts;
  auto body = [&](pqxx::work& tx) -> absl::Status {
    counts = WriteCounts{};
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kPostingWriteLockKey);
    // postings.source_id has no foreign key (0063): the page holds its source instead.
    if (page.pass && tx.exec_params(kLockSource, page.pass->source_id).empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("posting_writer.Write: source ", page.pass->source_id, " no longer exists"));
    }
    internal::PageReading reading;
    if (ahead) {
      reading = std::move(*ahead);
      ahead.reset();
    } else {
      reading = internal::ReadPage(tx, page, prepared.rows_, prepared.keys_, resolver_, nullptr);
    }
    // The next page, if at hand, is read on another connection while this one is written.
    const PreparedPage* following = nullptr;
    if (may_continue && !reading.rewrites_stored &&
        (!burst.locked || std::chrono::steady_clock::now() - burst.locked_since < internal::kMaxBurst)) {
      following = next();
    }
    if (following != nullptr) {
      if (!burst.locked) {
        tx.exec_params("SELECT pg_advisory_lock($1)", kPostingWriteLockKey);
        burst.locked = true;
        burst.locked_since = std::chrono::steady_clock::now();
      }
      burst.ahead_page = following;
      burst.ahead = std::async(std::launch::async, [this, following, before = internal::CopyBefore(reading)] {
        return ReadAhead(*following, *before);
      });
    } else if (burst.locked) {
      // The transaction's own lock holds until it commits.
      tx.exec_params("SELECT pg_advisory_unlock($1)", kPostingWriteLockKey);
      burst.locked = false;
    }
    counts = WriteReading(tx, page, prepared.records_, reading);
    if (page.pass) {
      const PassPage& pass = *page.pass;
      const auto recorded =
          tx.exec_params(kRecordPage, pass.run_id, static_cast<int64_t>(page.rows.size()), counts.inserted,
                         counts.updated, counts.unchanged, static_cast<int64_t>(page.rejected.size()),
                         RejectionsJson(page.rejected).dump(), kMaxStoredRejections, pass.source_id);
      if (recorded.affected_rows() != 1) {
        return absl::FailedPreconditionError(
            absl::StrCat("posting_writer.Write: sync run ", pass.run_id, " of source ", pass.source_id,
                         " is not running (finished, abandoned or another source's)"));
      }
      tx.exec_params(
          "UPDATE sources SET cursor = nullif($2::jsonb, 'null'::jsonb), updated_at = now() WHERE id = $1",
          pass.source_id, pass.next_cursor.dump());
      if (pass.last) counts.expired = internal::FinishPass(tx, pass);
    }
    return absl::OkStatus();
  };
  if (!on_burst_connection) {
    JOBREC_RETURN_IF_ERROR(RunTransaction(db_, PageOptions(page), body));
    return counts;
  }
  if (absl::Status status = RunTransactionOn(*burst.connection, PageOptions(page), body); !status.ok()) {
    // A failed write ends the burst (its read-ahead went by what the page would have written),
    // and the connection, which may be broken, goes with it.
    burst.Abandon();
    return status;
  }
  return counts;
}

absl::StatusOr<int64_t> PostingWriter::ExpirePastDue() {
  int64_t expired = 0;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, WriteOptions("posting_writer.ExpirePastDue"), [&](pqxx::work& tx) {
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kPostingWriteLockKey);
        expired = internal::ExpirePastDue(tx, std::nullopt);
        return absl::OkStatus();
      }));
  // The sweep also catches postings whose indexing an error or a crash left pending.
  JOBREC_RETURN_IF_ERROR(IndexPendingSearch(db_).status());
  return expired;
}

}  // namespace jobrec::store
