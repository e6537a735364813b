// Duplicate decisions for the postings a page inserts or changes (posting_writer.h,
// ingest/dedupe.h). Candidates come from two places: stored active postings (SQL, below) and
// the page's own earlier postings (in memory, by the same rules), so every decision is made
// before the page is written and each posting is stored with its canonical_id.
#include <algorithm>
#include <bit>
#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "jobrec/store/posting_write_steps.h"

namespace jobrec::store::internal {
namespace {

// Candidates per probe, from each class.
constexpr int kMaxCandidatesPerClass = 200;
constexpr auto kCompanyWindow = std::chrono::days(180);

// The guards of ingest/dedupe.h that are plain equalities, applied in SQL as a pre-filter so
// that a company with many postings does not hand the resolver hundreds of hopeless ones. The
// resolver applies every guard again.
constexpr char kGuards[] = R"sql(
    c.seniority = n.seniority
    AND (n.company_norm = '' OR c.company_norm = '' OR c.company_norm = n.company_norm)
    AND (n.country = '' OR c.country = '' OR c.country = n.country)
    AND (n.remote = 'remote' OR c.remote = 'remote' OR n.city_norm = '' OR c.city_norm = ''
         OR c.city_norm = n.city_norm))sql";

// Stored candidates of the probes given by row number ($1) and id ($2): older active postings,
// the latest $3 of each class, with what the resolver reads of them. A candidate's description
// is read only when the resolver needs it: the key matched and the fingerprints differ in more
// than $4 bits (DuplicateResolver::simhash_threshold).
constexpr char kProbes[] = R"sql(
WITH n AS (
  SELECT d.id, i.dedupe_key, i.simhash, i.url_canonical, i.company_norm, i.posted_at,
         i.simhash_bands, i.seniority, i.country, i.remote, i.city_norm
  FROM posting_incoming i JOIN unnest($1::int[], $2::bigint[]) AS d(n, id) ON d.n = i.n))sql";

// What CandidateFromRow reads, after the probe's id. A candidate two classes find for one probe
// comes twice (UNION ALL): StoredCandidates keeps it once. A UNION sorted all of a page's
// candidate rows to drop the repeats, spilling to disk on a bulk import (a quarter of the lookup).
constexpr char kCandidateColumns[] = R"sql(
  c.id, coalesce(c.canonical_id, c.id), c.dedupe_key, c.simhash, c.url_canonical, c.title_norm,
  c.company_norm, c.seniority, c.city_norm, c.country, c.remote = 'remote',
  CASE WHEN c.dedupe_key = n.dedupe_key AND bit_count((c.simhash # n.simhash)::bit(64)) > $4
       THEN c.description ELSE '' END)sql";

// One candidate class: the latest $3 active postings older than the probe that `where` picks
// and the guards let through. Each class is a LATERAL subquery, so that each probe is an index
// lookup whatever the planner thinks of the page's size against the table's.
std::string CandidateClass(const std::string& where) {
  return absl::StrCat("SELECT n.id, c.* FROM n CROSS JOIN LATERAL (\n  SELECT ", kCandidateColumns,
                      "\n  FROM postings c WHERE ", where, " AND c.status = 'active' AND c.id < n.id AND ",
                      kGuards, "\n  ORDER BY c.id DESC LIMIT $3) c");
}

// The exact classes: the probe's key, or its canonical URL with another key (the same key's
// postings the first class sends already; where a key has more than $3 candidates, those
// beyond the latest $3 are not looked at by URL either).
const std::string& ExactCandidatesSql() {
  static const std::string sql = absl::StrCat(
      kProbes, "\n", CandidateClass("c.dedupe_key = n.dedupe_key"), "\nUNION ALL\n",
      CandidateClass("n.url_canonical <> '' AND c.url_canonical <> '' AND c.url_canonical = n.url_canonical "
                     "AND c.dedupe_key <> n.dedupe_key"));
  return sql;
}

// The place a posting's city guard compares (kGuards): "" for a remote posting or one without a
// city, which every city passes. The index postings_dedupe_company_place (0062) is on it.
constexpr char kPlace[] = "CASE WHEN c.remote = 'remote' OR c.city_norm = '' THEN '' ELSE c.city_norm END";

// What a broad candidate must be to match at all (ingest/dedupe.h): within the SimHash threshold
// ($4), or one with the probe's key or URL (which the exact classes send, but the rule is the
// resolver's). The rest of a company's postings are read to check this, not sent.
constexpr char kMayMatch[] = R"sql((bit_count((c.simhash # n.simhash)::bit(64)) <= $4
    OR c.dedupe_key = n.dedupe_key OR (n.url_canonical <> '' AND c.url_canonical = n.url_canonical)))sql";

// Sharing a SimHash band, as the GIN index postings_dedupe_bands_companyless answers it (0062)
// and as the per-band btree indexes postings_dedupe_band1..4 do (0066; the bands are tagged with
// their number, so a shared band is one equal at its position).
constexpr char kSharesBandAnyIndex[] = "c.simhash_bands && n.simhash_bands";
constexpr char kSharesBandPerIndex[] = R"sql((c.simhash_bands[1] = n.simhash_bands[1]
    OR c.simhash_bands[2] = n.simhash_bands[2] OR c.simhash_bands[3] = n.simhash_bands[3]
    OR c.simhash_bands[4] = n.simhash_bands[4]))sql";

// One band class: the latest $3 active postings older than the probe that share one of its
// SimHash bands (`shares_band`), `where` picks and the guards let through. OFFSET 0 keeps the
// planner from ANDing the band lookup with a primary-key range scan.
std::string BandClass(const char* shares_band, const std::string& where) {
  return absl::StrCat("SELECT n.id, c.* FROM n CROSS JOIN LATERAL (\n  SELECT b.* FROM (SELECT ", kCandidateColumns,
                      "\n    FROM postings c WHERE ", shares_band, " AND c.status = 'active' AND ", where, " AND ",
                      kMayMatch, " AND ", kGuards, " OFFSET 0) b\n  WHERE b.id < n.id ORDER BY b.id DESC LIMIT $3) c");
}

// The broad classes, for near-duplicates: the probe's company (within 180 days of it), or —
// when either has no company — a shared SimHash band. Each is split by what the guards let
// through, so that its index finds only postings that can pass them (0062): a probe with a city
// looks at its company's postings in that city or without one (not at every posting of a large
// employer), a probe with a company at the company-less postings of its bands. The split
// classes take their latest $3 each.
const std::string& BroadCandidatesSql() {
  static const std::string company = absl::StrCat(
      "n.company_norm <> '' AND c.company_norm <> '' AND c.company_norm = n.company_norm "
      "AND (n.posted_at IS NULL OR c.posted_at IS NULL OR c.posted_at BETWEEN "
      "n.posted_at - interval '180 days' AND n.posted_at + interval '180 days') AND ",
      kMayMatch);
  // A probe with a city: its company's postings in that city, and those remote or without a
  // city, as two classes (an equality each, which the index answers newest first whatever the
  // planner's statistics say; `IN` was filtered row by row before a bulk import was analysed).
  static const std::string placed = absl::StrCat(company, " AND n.remote <> 'remote' AND n.city_norm <> '' AND (", kPlace, ") = ");
  static const std::string sql = absl::StrCat(
      kProbes, "\n", CandidateClass(placed + "n.city_norm"), "\nUNION ALL\n", CandidateClass(placed + "''"),
      "\nUNION ALL\n", CandidateClass(absl::StrCat(company, " AND (n.remote = 'remote' OR n.city_norm = '')")),
      "\nUNION ALL\n", BandClass(kSharesBandAnyIndex, "n.company_norm <> '' AND c.company_norm = ''"),
      "\nUNION ALL\n", BandClass(kSharesBandPerIndex, "n.company_norm = ''"));
  return sql;
}

// A row of the candidate queries: the probe's id, then kCandidateColumns.
DedupeCandidateRow CandidateFromRow(const pqxx::row& r) {
  DedupeCandidateRow c;
  c.id = r[1].as<int64_t>();
  c.canonical_id = r[2].as<int64_t>();
  c.fields.key = r[3].as<std::string>();
  c.fields.simhash = r[4].as<int64_t>();
  c.fields.url = r[5].as<std::string>();
  c.fields.title = r[6].as<std::string>();
  c.fields.company = r[7].as<std::string>();
  c.fields.seniority = r[8].as<std::string>();
  c.fields.city = r[9].as<std::string>();
  c.country = r[10].as<std::string>();
  c.remote = r[11].as<bool>();
  c.description = r[12].as<std::string>();
  return c;
}

// kGuards for two postings of the page.
bool GuardsMayPass(const PostingRow& a, const PostingRow& b) {
  const DedupeFields& x = a.dedupe;
  const DedupeFields& y = b.dedupe;
  if (x.seniority != y.seniority) return false;
  if (!x.company.empty() && !y.company.empty() && x.company != y.company) return false;
  if (!a.country.empty() && !b.country.empty() && a.country != b.country) return false;
  return a.remote == "remote" || b.remote == "remote" || x.city.empty() || y.city.empty() || x.city == y.city;
}

bool PostedClose(const PostingRow& a, const PostingRow& b) {
  if (!a.posted_at || !b.posted_at) return true;
  const auto gap = *a.posted_at > *b.posted_at ? *a.posted_at - *b.posted_at : *b.posted_at - *a.posted_at;
  return gap <= kCompanyWindow;
}

// The page's earlier active postings, indexed by candidate class.
class PageIndex {
 public:
  explicit PageIndex(const std::vector<IncomingPosting>& incoming) : incoming_(incoming) {}

  void Add(size_t i) {
    const DedupeFields& d = incoming_[i].row->dedupe;
    by_key_[d.key].push_back(i);
    if (!d.url.empty()) by_url_[d.url].push_back(i);
    if (!d.company.empty()) by_company_[d.company].push_back(i);
    for (int32_t band : d.bands) by_band_[band].push_back(i);
  }

  // Candidates of posting `probe`, by the classes of ExactCandidatesSql and BroadCandidatesSql
  // unsplit and unfiltered (the latest kMaxCandidatesPerClass of each; the resolver drops what
  // cannot match): in memory that costs less than the SQL's splits would save.
  std::vector<size_t> Candidates(size_t probe) const {
    const PostingRow& p = *incoming_[probe].row;
    std::vector<size_t> found;
    auto take = [&](const std::vector<size_t>* list, auto&& also, int limit) {
      if (list == nullptr) return;
      int taken = 0;
      for (auto it = list->rbegin(); it != list->rend() && taken < limit; ++it) {  // latest first
        const PostingRow& c = *incoming_[*it].row;
        if (!GuardsMayPass(p, c) || !also(c)) continue;
        ++taken;
        if (std::find(found.begin(), found.end(), *it) == found.end()) found.push_back(*it);
      }
    };
    auto any = [](const PostingRow&) { return true; };
    take(Find(by_key_, p.dedupe.key), any, kMaxCandidatesPerClass);
    if (!p.dedupe.url.empty()) take(Find(by_url_, p.dedupe.url), any, kMaxCandidatesPerClass);
    if (!p.dedupe.company.empty()) {
      take(
          Find(by_company_, p.dedupe.company), [&](const PostingRow& c) { return PostedClose(p, c); },
          kMaxCandidatesPerClass);
    }
    for (int32_t band : p.dedupe.bands) {
      take(
          Find(by_band_, band),
          [&](const PostingRow& c) { return p.dedupe.company.empty() || c.dedupe.company.empty(); },
          kMaxCandidatesPerClass);
    }
    return found;
  }

 private:
  template <typename Map>
  static const std::vector<size_t>* Find(const Map& map, const typename Map::key_type& key) {
    const auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }

  const std::vector<IncomingPosting>& incoming_;
  // Keyed by views of the rows' fields, which outlive the index.
  std::unordered_map<std::string_view, std::vector<size_t>> by_key_, by_url_, by_company_;
  std::unordered_map<int32_t, std::vector<size_t>> by_band_;
};

// Stored candidates by probe id, with their details.
class StoredCandidates {
 public:
  // Postings of the page (`page_ids`) are left to the in-memory comparison, which sees their
  // new content.
  StoredCandidates(pqxx::work& tx, std::unordered_set<int64_t> page_ids, int simhash_threshold)
      : tx_(tx), page_ids_(std::move(page_ids)), simhash_threshold_(simhash_threshold) {}

  // Adds the candidates `sql` finds for `probes` (row number n, id).
  void Find(const std::string& sql, const std::vector<const IncomingPosting*>& probes) {
    if (probes.empty()) return;
    std::string rows = "{";
    std::vector<int64_t> ids;
    for (const IncomingPosting* p : probes) {
      absl::StrAppend(&rows, ids.empty() ? "" : ",", p->n);
      ids.push_back(p->id);
    }
    for (const auto& r : tx_.exec_params(sql, rows + "}", BigintArrayLiteral(ids), kMaxCandidatesPerClass,
                                         simhash_threshold_)) {
      const int64_t candidate = r[1].as<int64_t>();
      if (page_ids_.count(candidate)) continue;
      std::vector<int64_t>& list = of_[r[0].as<int64_t>()];
      if (std::find(list.begin(), list.end(), candidate) == list.end()) list.push_back(candidate);
      // A candidate of several probes comes once per probe, with its description for those
      // that need it; the one with the description is kept.
      const auto known = details_.find(candidate);
      if (known == details_.end()) {
        details_.emplace(candidate, CandidateFromRow(r));
      } else if (known->second.description.empty() && r[12].size() > 0) {
        known->second.description = r[12].as<std::string>();
      }
    }
  }

  void AppendTo(int64_t probe_id, std::vector<DedupeCandidateRow>& out) const {
    const auto it = of_.find(probe_id);
    if (it == of_.end()) return;
    for (int64_t id : it->second) out.push_back(details_.at(id));
  }

 private:
  pqxx::work& tx_;
  const std::unordered_set<int64_t> page_ids_;
  const int simhash_threshold_;
  std::unordered_map<int64_t, std::vector<int64_t>> of_;
  std::unordered_map<int64_t, DedupeCandidateRow> details_;
};

bool IsProbe(const IncomingPosting& p) { return p.active && !p.leads_cluster; }

// One decision pass in id order over `incoming`, whose first `decided` postings are the page
// before's (candidates only); returns the probes whose match was not conclusive (no match, or a
// near-duplicate one).
std::vector<const IncomingPosting*> DecideInOrder(std::vector<IncomingPosting>& incoming, size_t decided,
                                                  const StoredCandidates& stored,
                                                  const DuplicateResolver& resolver) {
  std::vector<const IncomingPosting*> open;
  PageIndex earlier(incoming);  // the postings before the current one
  for (size_t i = 0; i < incoming.size(); ++i) {
    IncomingPosting& p = incoming[i];
    if (i >= decided && IsProbe(p)) {
      std::vector<DedupeCandidateRow> candidates;
      stored.AppendTo(p.id, candidates);
      for (size_t j : earlier.Candidates(i)) {
        const IncomingPosting& c = incoming[j];
        const bool needs_description =
            c.row->dedupe.key == p.row->dedupe.key &&
            std::popcount(static_cast<uint64_t>(c.row->dedupe.simhash ^ p.row->dedupe.simhash)) >
                resolver.simhash_threshold;
        candidates.push_back({.id = c.id,
                              .canonical_id = c.canonical_id.value_or(c.id),
                              .fields = c.row->dedupe,
                              .country = c.row->country,
                              .remote = c.row->remote == "remote",
                              .description = needs_description ? c.row->description : std::string()});
      }
      std::erase_if(candidates, [&](const DedupeCandidateRow& c) { return c.canonical_id == p.id; });
      const std::optional<DuplicateDecision> decision =
          candidates.empty() ? std::nullopt : resolver.decide(*p.row, candidates);
      p.canonical_id = decision ? std::optional(decision->canonical_id) : std::nullopt;
      if (!decision || !decision->conclusive) open.push_back(&p);
    }
    if (p.active) earlier.Add(i);
  }
  return open;
}

}  // namespace

int64_t DecideDuplicates(pqxx::work& tx, std::vector<IncomingPosting>& incoming, const DuplicateResolver& resolver,
                         std::span<const IncomingPosting> page_before) {
  // The page before's postings lead, as the earliest of the page's own.
  std::vector<IncomingPosting> all(page_before.begin(), page_before.end());
  const size_t decided = all.size();
  all.insert(all.end(), incoming.begin(), incoming.end());
  std::unordered_set<int64_t> page_ids;
  std::vector<const IncomingPosting*> probes;
  for (size_t i = 0; i < all.size(); ++i) {
    page_ids.insert(all[i].id);
    if (i >= decided && IsProbe(all[i])) probes.push_back(&all[i]);
  }
  if (probes.empty()) return 0;
  // The exact classes first: a URL or key match outranks anything the broad classes could add
  // (ingest/dedupe.h), so only the probes left open need the costlier near-duplicate lookup, and
  // a second pass decides again with it (earlier decisions of the page feed later ones).
  StoredCandidates stored(tx, std::move(page_ids), resolver.simhash_threshold);
  stored.Find(ExactCandidatesSql(), probes);
  const std::vector<const IncomingPosting*> open = DecideInOrder(all, decided, stored, resolver);
  if (!open.empty()) {
    stored.Find(BroadCandidatesSql(), open);
    DecideInOrder(all, decided, stored, resolver);
  }
  int64_t duplicates = 0;
  for (size_t i = 0; i < incoming.size(); ++i) {
    incoming[i].canonical_id = all[decided + i].canonical_id;
    duplicates += IsProbe(incoming[i]) && incoming[i].canonical_id ? 1 : 0;
  }
  return duplicates;
}

}  // namespace jobrec::store::internal
