// Duplicate decisions for the postings a page inserts or changes (posting_writer.h,
// ingest/dedupe.h). Candidates come from two places: stored active postings (SQL, below) and
// the page's own earlier postings (in memory, by the same rules), so every decision is made
// before the page is written and the upsert stores each posting with its canonical_id.
#include <algorithm>
#include <chrono>
#include <string>
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
// the latest $3 of each class. The third column says whether the key matched: then the resolver
// may need the candidate's description. Every class is a LATERAL subquery, so that each probe is
// an index lookup whatever the planner thinks of the page's size against the table's.
constexpr char kProbes[] = R"sql(
WITH n AS (
  SELECT d.id, i.dedupe_key, i.url_canonical, i.company_norm, i.posted_at, i.simhash_bands,
         i.seniority, i.country, i.remote, i.city_norm
  FROM posting_incoming i JOIN unnest($1::int[], $2::bigint[]) AS d(n, id) ON d.n = i.n))sql";

// The exact classes: the probe's key or its canonical URL.
const std::string& ExactCandidatesSql() {
  static const std::string sql = absl::StrCat(kProbes, R"sql(
SELECT n.id, c.id, c.dedupe_key = n.dedupe_key FROM n CROSS JOIN LATERAL (
  SELECT c.id, c.dedupe_key FROM postings c
  WHERE c.dedupe_key = n.dedupe_key AND c.status = 'active' AND c.id < n.id AND )sql",
                                              kGuards, R"sql(
  ORDER BY c.id DESC LIMIT $3) c
UNION ALL
SELECT n.id, c.id, c.dedupe_key = n.dedupe_key FROM n CROSS JOIN LATERAL (
  SELECT c.id, c.dedupe_key FROM postings c
  WHERE n.url_canonical <> '' AND c.url_canonical <> '' AND c.url_canonical = n.url_canonical
    AND c.status = 'active' AND c.id < n.id AND )sql",
                                              kGuards, R"sql(
  ORDER BY c.id DESC LIMIT $3) c)sql");
  return sql;
}

// The broad classes, for near-duplicates: the probe's company (within 180 days of it), or —
// when either has no company — a shared SimHash band.
const std::string& BroadCandidatesSql() {
  static const std::string sql = absl::StrCat(kProbes, R"sql(
SELECT n.id, c.id, c.dedupe_key = n.dedupe_key FROM n CROSS JOIN LATERAL (
  SELECT c.id, c.dedupe_key FROM postings c
  WHERE n.company_norm <> '' AND c.company_norm <> '' AND c.company_norm = n.company_norm
    AND c.status = 'active' AND c.id < n.id
    AND (n.posted_at IS NULL OR c.posted_at IS NULL OR
         c.posted_at BETWEEN n.posted_at - interval '180 days' AND n.posted_at + interval '180 days')
    AND )sql",
                                              kGuards, R"sql(
  ORDER BY c.id DESC LIMIT $3) c
UNION ALL
SELECT n.id, c.id, c.dedupe_key = n.dedupe_key FROM n CROSS JOIN LATERAL (
  SELECT b.id, b.dedupe_key FROM (
    SELECT c.id, c.dedupe_key FROM postings c
    WHERE c.simhash_bands && n.simhash_bands AND c.status = 'active'
      AND (n.company_norm = '' OR c.company_norm = '') AND )sql",
                                              kGuards, R"sql(
    OFFSET 0) b  -- keeps the planner from ANDing the band lookup with a primary-key range scan
  WHERE b.id < n.id ORDER BY b.id DESC LIMIT $3) c)sql");
  return sql;
}

constexpr char kCandidateDetails[] = R"sql(
SELECT id, coalesce(canonical_id, id), dedupe_key, simhash, url_canonical, title_norm,
       company_norm, seniority, city_norm, country, remote = 'remote',
       CASE WHEN id = ANY($2::bigint[]) THEN description ELSE '' END
FROM postings WHERE id = ANY($1::bigint[]))sql";

DedupeCandidateRow CandidateFromRow(const pqxx::row& r) {
  DedupeCandidateRow c;
  c.id = r[0].as<int64_t>();
  c.canonical_id = r[1].as<int64_t>();
  c.fields.key = r[2].as<std::string>();
  c.fields.simhash = r[3].as<int64_t>();
  c.fields.url = r[4].as<std::string>();
  c.fields.title = r[5].as<std::string>();
  c.fields.company = r[6].as<std::string>();
  c.fields.seniority = r[7].as<std::string>();
  c.fields.city = r[8].as<std::string>();
  c.country = r[9].as<std::string>();
  c.remote = r[10].as<bool>();
  c.description = r[11].as<std::string>();
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

  // Candidates of posting `probe`, by the classes of ExactCandidatesSql and BroadCandidatesSql.
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
  std::unordered_map<std::string, std::vector<size_t>> by_key_, by_url_, by_company_;
  std::unordered_map<int32_t, std::vector<size_t>> by_band_;
};

// Stored candidates by probe id, with their details.
class StoredCandidates {
 public:
  // Postings of the page (`page_ids`) are left to the in-memory comparison, which sees their
  // new content.
  StoredCandidates(pqxx::work& tx, std::unordered_set<int64_t> page_ids)
      : tx_(tx), page_ids_(std::move(page_ids)) {}

  // Adds the candidates `sql` finds for `probes` (row number n, id).
  void Find(const std::string& sql, const std::vector<const IncomingPosting*>& probes) {
    if (probes.empty()) return;
    std::string rows = "{";
    std::vector<int64_t> ids;
    for (const IncomingPosting* p : probes) {
      absl::StrAppend(&rows, ids.empty() ? "" : ",", p->n);
      ids.push_back(p->id);
    }
    std::vector<int64_t> unknown;
    std::unordered_set<int64_t> key_matched;
    for (const auto& r : tx_.exec_params(sql, rows + "}", BigintArrayLiteral(ids), kMaxCandidatesPerClass)) {
      const int64_t candidate = r[1].as<int64_t>();
      if (page_ids_.count(candidate)) continue;
      std::vector<int64_t>& list = of_[r[0].as<int64_t>()];
      if (std::find(list.begin(), list.end(), candidate) == list.end()) list.push_back(candidate);
      if (!details_.count(candidate) &&
          std::find(unknown.begin(), unknown.end(), candidate) == unknown.end()) {
        unknown.push_back(candidate);
      }
      if (r[2].as<bool>()) key_matched.insert(candidate);
    }
    if (unknown.empty()) return;
    for (const auto& r :
         tx_.exec_params(kCandidateDetails, BigintArrayLiteral(unknown),
                         BigintArrayLiteral(std::vector<int64_t>(key_matched.begin(), key_matched.end())))) {
      DedupeCandidateRow c = CandidateFromRow(r);
      details_.emplace(c.id, std::move(c));
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
  std::unordered_map<int64_t, std::vector<int64_t>> of_;
  std::unordered_map<int64_t, DedupeCandidateRow> details_;
};

bool IsProbe(const IncomingPosting& p) { return p.active && !p.leads_cluster; }

// One decision pass over the page in id order; returns the probes whose match was not
// conclusive (no match, or a near-duplicate one).
std::vector<const IncomingPosting*> DecideInOrder(std::vector<IncomingPosting>& incoming,
                                                  const StoredCandidates& stored,
                                                  const DuplicateResolver& resolver) {
  std::vector<const IncomingPosting*> open;
  PageIndex earlier(incoming);  // the page's postings before the current one
  for (size_t i = 0; i < incoming.size(); ++i) {
    IncomingPosting& p = incoming[i];
    if (IsProbe(p)) {
      std::vector<DedupeCandidateRow> candidates;
      stored.AppendTo(p.id, candidates);
      for (size_t j : earlier.Candidates(i)) {
        const IncomingPosting& c = incoming[j];
        const bool same_key = c.row->dedupe.key == p.row->dedupe.key;
        candidates.push_back({.id = c.id,
                              .canonical_id = c.canonical_id.value_or(c.id),
                              .fields = c.row->dedupe,
                              .country = c.row->country,
                              .remote = c.row->remote == "remote",
                              .description = same_key ? c.row->description : std::string()});
      }
      std::erase_if(candidates, [&](const DedupeCandidateRow& c) { return c.canonical_id == p.id; });
      const std::optional<DuplicateDecision> decision =
          candidates.empty() ? std::nullopt : resolver(*p.row, candidates);
      p.canonical_id = decision ? std::optional(decision->canonical_id) : std::nullopt;
      if (!decision || !decision->conclusive) open.push_back(&p);
    }
    if (p.active) earlier.Add(i);
  }
  return open;
}

}  // namespace

int64_t DecideDuplicates(pqxx::work& tx, std::vector<IncomingPosting>& incoming,
                         const DuplicateResolver& resolver) {
  std::unordered_set<int64_t> page_ids;
  std::vector<const IncomingPosting*> probes;
  for (const IncomingPosting& p : incoming) {
    page_ids.insert(p.id);
    if (IsProbe(p)) probes.push_back(&p);
  }
  if (probes.empty()) return 0;
  // The exact classes first: a URL or key match outranks anything the broad classes could add
  // (ingest/dedupe.h), so only the probes left open need the costlier near-duplicate lookup, and
  // a second pass decides again with it (earlier decisions of the page feed later ones).
  StoredCandidates stored(tx, std::move(page_ids));
  stored.Find(ExactCandidatesSql(), probes);
  const std::vector<const IncomingPosting*> open = DecideInOrder(incoming, stored, resolver);
  if (!open.empty()) {
    stored.Find(BroadCandidatesSql(), open);
    DecideInOrder(incoming, stored, resolver);
  }
  int64_t duplicates = 0;
  for (const IncomingPosting& p : incoming) duplicates += IsProbe(p) && p.canonical_id ? 1 : 0;
  return duplicates;
}

}  // namespace jobrec::store::internal
