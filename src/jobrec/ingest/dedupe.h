// Duplicate detection for postings, at three levels:
//
// 1. Exact, within a provider: (provider, external_id) is the store's unique key, so a
//    re-imported posting is an upsert of the same row. Nothing here; the store enforces it.
// 2. Across providers, by key (the rule the earlier version used): the normalised title, the
//    normalised company (lower-cased, punctuation and legal suffixes such as Inc, Ltd, LLC,
//    GmbH, SAS, BV removed) and the year-month of posting: "data engineer|acme|2024-01".
//    Unlike the earlier version, a key match must be corroborated by the text (SimHash within
//    the threshold, or one description contained in the other: a truncated snippet), because
//    a company hiring one title for two teams in one month posts two jobs with one key.
//    Also by canonical URL (scheme, "www.", fragment, trailing slash and tracking parameters
//    such as utm_*, gclid, fbclid, ref, source removed): one ATS page seen through two boards.
// 3. Near-duplicates (reposts with small edits, a month later, on another board) by SimHash:
//    a 64-bit fingerprint over the set of word 3-shingles of normalised title + normalised
//    company + description.
//
// Why SimHash and not MinHash/LSH: one 64-bit integer per posting is all the store keeps
// (MinHash needs ~100 values per posting for comparable accuracy), and comparing is a popcount.
// Its weakness — it measures overall text similarity, so two different jobs written from one
// template look alike — is covered by guards that every match must pass, whatever found it:
//   * the same normalised company (when both have one);
//   * the same seniority markers in the title (senior, junior, lead, intern, II, …);
//   * compatible locations (same city, or one of them unknown or remote; same country when
//     both are known);
//   * for SimHash matches, similar titles (word Jaccard ≥ kMinTitleJaccard).
//
// Finding candidates (the store's query, see DedupeCandidate): rows with the same key, the
// same canonical url, the same normalised company (posted within a few months), and — for
// postings without a company — rows sharing one of kSimHashBands 16-bit bands of the
// fingerprint (the pigeonhole principle: fingerprints within kBandGuaranteedDistance bits
// always share a band, so company-less near-duplicates are found reliably only that close).
//
// Threshold, chosen on testdata/dedupe/near_duplicates.jsonl (dedupe_test.cc prints the
// profile): reposts with edits lie 3–15 bits from their original (median 7–8); different jobs
// that pass all the guards (same company, title and place; another team's text) 17–37 bits.
// kSimHashThreshold = 15 is the top of the repost range. The margin is small on this set,
// whose descriptions are short (~250 shingles; SimHash's spread shrinks with longer texts),
// and the set was also used to choose it: treat the measured precision/recall as optimistic.
// Truncated snippets lie 16–25 bits away and are caught by key + containment instead.
//
// Thread-safety: pure functions; DuplicateFinder is immutable and safe to share.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

inline constexpr int kSimHashThreshold = 15;
// Bands for finding candidates without a company; see DedupeCandidate.
inline constexpr int kSimHashBands = 4;
inline constexpr int kBandGuaranteedDistance = kSimHashBands - 1;
inline constexpr double kMinTitleJaccard = 0.5;
// Share of the shorter description's shingles found in the longer one that corroborates a
// key match beyond the SimHash threshold.
inline constexpr double kMinKeyContainment = 0.8;

// What dedupe compares, computed once per posting and stored beside it.
struct DedupeSignature {
  std::string key;        // "title|company|yyyy-mm" ("title|company|" without a date)
  uint64_t simhash = 0;   // store as bigint via std::bit_cast<int64_t>
  std::string url;        // canonical url, "" when none
  std::string title;      // normalised, seniority words included
  std::string company;    // normalised
  std::string seniority;  // sorted seniority markers joined by ' ', "" for none
  std::string city;       // lower-cased, "" unknown
  std::string country;    // ISO-2, "" unknown
  bool remote = false;
};

DedupeSignature Sign(const Posting& posting);

// "Acme, Inc." -> "acme"; "Müller GmbH & Co. KG" -> "müller"; "The Boring Company" -> "boring".
std::string NormalizeCompany(const std::string& company);
// "Sr. Data Engineer (m/w/d)" -> "senior data engineer".
std::string NormalizeTitle(const std::string& title);
// "https://www.Example.com/jobs/1/?utm_source=x&id=2#apply" -> "example.com/jobs/1?id=2".
std::string CanonicalUrl(const std::string& url);

uint64_t SimHash(const std::string& text);
int HammingDistance(uint64_t a, uint64_t b);
// The fingerprint cut into kSimHashBands 16-bit bands, each tagged with its band number in the
// top bits so that one index over all bands works too.
std::array<uint32_t, kSimHashBands> SimHashBands(uint64_t simhash);

// A posting already in the store that may be a duplicate of a new one: found by key, by
// url, by company, or by sharing a SimHash band (see above).
struct DedupeCandidate {
  int64_t id = 0;
  int64_t canonical_id = 0;  // the posting it was collapsed into; its own id when canonical
  DedupeSignature signature;
  std::string description;   // Posting::description; read only to corroborate key matches
};

struct DuplicateMatch {
  enum class Reason { kUrl, kKey, kNearDuplicate };
  int64_t canonical_id = 0;  // what the new posting collapses into
  int64_t matched_id = 0;    // the candidate that matched
  Reason reason = Reason::kKey;
  int distance = 0;          // SimHash Hamming distance to the matched candidate
};
const char* DuplicateReasonName(DuplicateMatch::Reason reason);

class DuplicateFinder {
 public:
  explicit DuplicateFinder(int simhash_threshold = kSimHashThreshold)
      : threshold_(simhash_threshold) {}

  // The canonical posting the incoming one collapses into, or nullopt when none of
  // `candidates` passes the rules above. `description` is the incoming posting's. Among
  // several matches: url over key over near-duplicate, then the smallest distance, then the
  // smallest canonical id (the oldest).
  std::optional<DuplicateMatch> Find(const DedupeSignature& incoming,
                                     const std::string& description,
                                     std::span<const DedupeCandidate> candidates) const;

 private:
  bool KeyMatchCorroborated(int distance, const std::string& a, const std::string& b) const;

  int threshold_;
};

}  // namespace jobrec::ingest
