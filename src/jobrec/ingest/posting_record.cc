#include "jobrec/ingest/posting_record.h"

#include <bit>
#include <vector>

#include "jobrec/ingest/normalize_salary.h"

namespace jobrec::ingest {
namespace {

std::optional<double> Annual(const std::optional<double>& amount, double factor) {
  if (!amount) return std::nullopt;
  return *amount * factor;
}

DedupeSignature SignatureOf(const store::DedupeFields& fields, const std::string& country, bool remote) {
  DedupeSignature s;
  s.key = fields.key;
  s.simhash = std::bit_cast<uint64_t>(fields.simhash);
  s.url = fields.url;
  s.title = fields.title;
  s.company = fields.company;
  s.seniority = fields.seniority;
  s.city = fields.city;
  s.country = country;
  s.remote = remote;
  return s;
}

}  // namespace

store::PostingRow ToPostingRow(Posting p) {
  const DedupeSignature signature = Sign(p);
  store::PostingRow r;
  r.provider = std::move(p.provider);
  r.external_id = std::move(p.external_id);
  r.url = std::move(p.url);
  r.title = std::move(p.title);
  r.company = std::move(p.company);
  r.location_text = std::move(p.location.text);
  r.city = std::move(p.location.city);
  r.region = std::move(p.location.region);
  r.country = std::move(p.location.country);
  r.remote = RemoteModeName(p.remote);
  if (p.salary) {
    store::SalaryRow s{.min = p.salary->min,
                       .max = p.salary->max,
                       .currency = std::move(p.salary->currency),
                       .period = std::move(p.salary->period)};
    // FinalizePosting leaves only the five periods; anything else is kept unannualised.
    if (absl::StatusOr<double> factor = AnnualisationFactor(s.period); factor.ok()) {
      s.annual_min = Annual(s.min, *factor);
      s.annual_max = Annual(s.max, *factor);
    }
    r.salary = std::move(s);
  }
  r.employment_type = std::move(p.employment_type);
  r.description = std::move(p.description);
  r.posted_at = p.posted_at;
  r.expires_at = p.expires_at;
  r.labels = p.labels.is_object() ? std::move(p.labels) : nlohmann::json::object();
  r.raw_json = std::move(p.raw_json);
  r.dedupe.key = signature.key;
  r.dedupe.simhash = std::bit_cast<int64_t>(signature.simhash);
  for (uint32_t band : SimHashBands(signature.simhash)) r.dedupe.bands.push_back(static_cast<int32_t>(band));
  r.dedupe.url = signature.url;
  r.dedupe.title = signature.title;
  r.dedupe.company = signature.company;
  r.dedupe.seniority = signature.seniority;
  r.dedupe.city = signature.city;
  return r;
}

store::DuplicateResolver NewDuplicateResolver(int simhash_threshold) {
  return {.decide = [finder = DuplicateFinder(simhash_threshold)](
             const store::PostingRow& incoming,
             std::span<const store::DedupeCandidateRow> rows) -> std::optional<store::DuplicateDecision> {
    std::vector<DedupeCandidate> candidates;
    candidates.reserve(rows.size());
    for (const store::DedupeCandidateRow& row : rows) {
      candidates.push_back({.id = row.id,
                            .canonical_id = row.canonical_id,
                            .signature = SignatureOf(row.fields, row.country, row.remote),
                            .description = row.description});
    }
    const auto match =
        finder.Find(SignatureOf(incoming.dedupe, incoming.country, incoming.remote == "remote"),
                    incoming.description, candidates);
    if (!match) return std::nullopt;
    return store::DuplicateDecision{.canonical_id = match->canonical_id,
                                    .conclusive = match->reason != DuplicateMatch::Reason::kNearDuplicate};
  },
          // The store reads a key-matched candidate's description only beyond DuplicateFinder's
          // threshold, and sends broad candidates only within it (or with the key or URL).
          .simhash_threshold = simhash_threshold};
}

}  // namespace jobrec::ingest
