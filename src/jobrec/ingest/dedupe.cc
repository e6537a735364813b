#include "jobrec/ingest/dedupe.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <set>
#include <string_view>
#include <tuple>
#include <iterator>
#include <vector>

#include "absl/strings/str_join.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

// Lower-cased words: ASCII letters and digits, and any non-ASCII byte (so "müller" is one
// word); everything else separates.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

template <size_t N>
bool Contains(const std::string_view (&set)[N], std::string_view word) {
  return std::find(std::begin(set), std::end(set), word) != std::end(set);
}

constexpr std::string_view kLegalSuffixes[] = {
    "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "plc", "corp", "corporation",
    "co", "company", "gmbh", "mbh", "ag", "kg", "ug", "se", "sa", "sas", "sarl", "sasu", "bv",
    "nv", "pty", "pte", "oy", "ab", "as", "asa", "spa", "srl", "sl", "kk", "group"};

constexpr std::string_view kSeniorityWords[] = {
    "intern", "internship", "trainee", "apprentice", "junior", "graduate", "associate",
    "senior", "lead", "principal", "staff", "head", "chief", "director", "vp", "ii", "iii",
    "iv"};

// Gender markers in European titles: "(m/w/d)", "(f/m/x)", "m/f/d".
bool IsGenderMarker(const std::vector<std::string>& words, size_t i) {
  if (i + 3 > words.size()) return false;
  for (size_t k = i; k < i + 3; ++k) {
    if (words[k].size() != 1 ||
        std::string_view("mwdfx").find(words[k][0]) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> TitleWords(const std::string& title) {
  std::vector<std::string> words = Words(title);
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (IsGenderMarker(words, i)) {
      i += 2;
      continue;
    }
    std::string& w = words[i];
    if (w == "sr") w = "senior";
    if (w == "jr") w = "junior";
    if (w == "mgr") w = "manager";
    if (w == "snr") w = "senior";
    out.push_back(std::move(w));
  }
  return out;
}

std::string Seniority(const std::vector<std::string>& title_words) {
  std::set<std::string> found;
  for (const std::string& w : title_words) {
    if (Contains(kSeniorityWords, w)) found.insert(w == "internship" ? "intern" : w);
  }
  return absl::StrJoin(found, " ");
}

double Jaccard(const std::string& a, const std::string& b) {
  const std::vector<std::string> wa = Words(a), wb = Words(b);
  const std::set<std::string> sa(wa.begin(), wa.end()), sb(wb.begin(), wb.end());
  if (sa.empty() && sb.empty()) return 1.0;
  size_t common = 0;
  for (const std::string& w : sa) common += sb.count(w);
  return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

bool LocationsCompatible(const DedupeSignature& a, const DedupeSignature& b) {
  if (!a.country.empty() && !b.country.empty() && a.country != b.country) return false;
  if (a.remote || b.remote) return true;
  return a.city.empty() || b.city.empty() || a.city == b.city;
}

bool GuardsPass(const DedupeSignature& a, const DedupeSignature& b) {
  if (!a.company.empty() && !b.company.empty() && a.company != b.company) return false;
  return a.seniority == b.seniority && LocationsCompatible(a, b);
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::string_view kTracking[] = {
      "gclid", "fbclid", "msclkid", "ref", "referrer", "source", "src", "trk",
      "trackingid", "mc_cid", "mc_eid", "gh_src", "lever-source", "lever-origin"};
  return name.rfind("utm_", 0) == 0 || Contains(kTracking, name);
}

}  // namespace

std::string NormalizeCompany(const std::string& company) {
  // Dots go first, so "B.V.", "S.A." and "Co." become the words "bv", "sa", "co".
  std::string undotted = CleanLine(company);
  std::erase(undotted, '.');
  std::vector<std::string> words = Words(undotted);
  if (!words.empty() && words.front() == "the") words.erase(words.begin());
  while (words.size() > 1 && Contains(kLegalSuffixes, words.back())) words.pop_back();
  return absl::StrJoin(words, " ");
}

std::string NormalizeTitle(const std::string& title) {
  return absl::StrJoin(TitleWords(CleanLine(title)), " ");
}

std::string CanonicalUrl(const std::string& raw) {
  std::string url = CleanLine(raw);
  if (url.empty()) return "";
  if (const size_t hash = url.find('#'); hash != std::string::npos) url.resize(hash);
  if (const size_t scheme = url.find("://"); scheme != std::string::npos) url = url.substr(scheme + 3);
  std::string query;
  if (const size_t q = url.find('?'); q != std::string::npos) {
    query = url.substr(q + 1);
    url.resize(q);
  }
  const size_t slash = url.find('/');
  std::string host = AsciiLower(url.substr(0, slash));
  std::string path = slash == std::string::npos ? "" : url.substr(slash);
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::vector<std::string> kept;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string param = query.substr(start, amp - start);
    const std::string name = AsciiLower(param.substr(0, param.find('=')));
    if (!param.empty() && !IsTrackingParameter(name)) kept.push_back(param);
    start = amp + 1;
  }
  std::sort(kept.begin(), kept.end());
  std::string out = host + path;
  if (!kept.empty()) out += "?" + absl::StrJoin(kept, "&");
  return out;
}

namespace {

uint64_t Mix64(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

// 64-bit FNV-1a of each word of `text` as Words() splits and lower-cases it, without building
// the words: stable across builds and platforms (the store keeps the fingerprints). Shingle
// hashes mix them with a SplitMix64 finaliser (Mix64), so every bit is well mixed, which
// SimHash needs.
std::vector<uint64_t> WordHashes(const std::string& text) {
  std::vector<uint64_t> hashes;
  hashes.reserve(text.size() / 6);
  constexpr uint64_t kBasis = 0xcbf29ce484222325ULL;
  uint64_t h = kBasis;
  bool in_word = false;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const bool lower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    const bool upper = c >= 'A' && c <= 'Z';
    if (lower || upper) {
      h ^= upper ? c + ('a' - 'A') : c;
      h *= 0x100000001b3ULL;
      in_word = true;
    } else if (in_word) {
      hashes.push_back(h);
      h = kBasis;
      in_word = false;
    }
  }
  if (in_word) hashes.push_back(h);
  return hashes;
}

// The word 3-shingles of `text` (single words for texts under three words), hashed, repeats
// included. A shingle's hash combines its words' hashes position by position, so no shingle
// string is ever built.
std::vector<uint64_t> ShingleHashes(const std::string& text) {
  const std::vector<uint64_t> word_hashes = WordHashes(text);
  std::vector<uint64_t> features;
  if (word_hashes.size() < 3) {
    for (uint64_t h : word_hashes) features.push_back(Mix64(h));
  } else {
    features.reserve(word_hashes.size() - 2);
    for (size_t i = 0; i + 2 < word_hashes.size(); ++i) {
      features.push_back(Mix64(word_hashes[i] ^ std::rotl(word_hashes[i + 1], 21) ^
                               std::rotl(word_hashes[i + 2], 42)));
    }
  }
  return features;
}

// The distinct shingles of `text`, sorted.
std::vector<uint64_t> Shingles(const std::string& text) {
  std::vector<uint64_t> features = ShingleHashes(text);
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  return features;
}

// Drops repeats from `features`, keeping the first of each, in an open-addressing set: SimHash
// counts each distinct shingle once and needs no order (sorting cost it a third of its time).
void KeepDistinct(std::vector<uint64_t>& features) {
  const size_t slots = std::bit_ceil(std::max<size_t>(16, 2 * features.size()));
  std::vector<uint64_t> seen(slots, 0);  // 0: empty (a zero feature is tracked apart)
  bool zero_seen = false;
  size_t kept = 0;
  for (const uint64_t f : features) {
    bool fresh;
    if (f == 0) {
      fresh = !zero_seen;
      zero_seen = true;
    } else {
      size_t slot = f & (slots - 1);  // the features are well mixed (Mix64)
      while (seen[slot] != 0 && seen[slot] != f) slot = (slot + 1) & (slots - 1);
      fresh = seen[slot] == 0;
      seen[slot] = f;
    }
    if (fresh) features[kept++] = f;
  }
  features.resize(kept);
}

// SpreadBits()[x] holds bit i of the byte x in its byte i: adding these up counts, for eight
// bit positions at once, how many features have the bit set.
const std::array<uint64_t, 256>& SpreadBits() {
  static const std::array<uint64_t, 256> table = [] {
    std::array<uint64_t, 256> t{};
    for (int x = 0; x < 256; ++x) {
      for (int i = 0; i < 8; ++i) t[x] |= static_cast<uint64_t>((x >> i) & 1) << (8 * i);
    }
    return t;
  }();
  return table;
}

// The share of the smaller text's shingles found in the larger: ~1 for a truncated copy.
double Containment(const std::string& a, const std::string& b) {
  const std::vector<uint64_t> sa = Shingles(a), sb = Shingles(b);
  const auto& small = sa.size() <= sb.size() ? sa : sb;
  const auto& large = sa.size() <= sb.size() ? sb : sa;
  if (small.empty()) return 0.0;
  std::vector<uint64_t> common;
  std::set_intersection(small.begin(), small.end(), large.begin(), large.end(),
                        std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(small.size());
}

}  // namespace

uint64_t SimHash(const std::string& text) {
  std::vector<uint64_t> features = ShingleHashes(text);
  KeepDistinct(features);
  // Bit b is set when more features have it set than not. The counts are kept eight to a
  // word (one byte each), so a chunk stays under 256 features before it is flushed.
  const std::array<uint64_t, 256>& spread = SpreadBits();
  uint32_t ones[64] = {};
  for (size_t start = 0; start < features.size(); start += 255) {
    const size_t end = std::min(features.size(), start + 255);
    uint64_t counts[8] = {};
    for (size_t f = start; f < end; ++f) {
      const uint64_t h = features[f];
      for (int byte = 0; byte < 8; ++byte) counts[byte] += spread[(h >> (8 * byte)) & 0xff];
    }
    for (int byte = 0; byte < 8; ++byte) {
      for (int i = 0; i < 8; ++i) ones[8 * byte + i] += (counts[byte] >> (8 * i)) & 0xff;
    }
  }
  uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * static_cast<uint64_t>(ones[bit]) > features.size()) out |= uint64_t{1} << bit;
  }
  return out;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::array<uint32_t, kSimHashBands> SimHashBands(uint64_t simhash) {
  static_assert(64 % kSimHashBands == 0);
  constexpr int kWidth = 64 / kSimHashBands;
  std::array<uint32_t, kSimHashBands> bands{};
  for (int b = 0; b < kSimHashBands; ++b) {
    const uint64_t bits = (simhash >> (b * kWidth)) & ((uint64_t{1} << kWidth) - 1);
    bands[b] = (static_cast<uint32_t>(b) << 24) | static_cast<uint32_t>(bits);
  }
  return bands;
}

DedupeSignature Sign(const Posting& p) {
  DedupeSignature s;
  const std::vector<std::string> title_words = TitleWords(CleanLine(p.title));
  s.title = absl::StrJoin(title_words, " ");
  s.seniority = Seniority(title_words);
  s.company = NormalizeCompany(p.company);
  std::string month;
  if (p.posted_at) month = FormatTimestamp(*p.posted_at).substr(0, 7);
  s.key = s.title + "|" + s.company + "|" + month;
  // Normalised title and company: their spelling variants are the guards' business, and
  // would otherwise add noise to the fingerprint.
  s.simhash = SimHash(s.title + "\n" + s.company + "\n" + p.description);
  s.url = CanonicalUrl(p.url);
  s.city = AsciiLower(CleanLine(p.location.city));
  s.country = p.location.country;
  s.remote = p.remote == RemoteMode::kRemote;
  return s;
}

bool DuplicateFinder::KeyMatchCorroborated(int distance, const std::string& a,
                                           const std::string& b) const {
  if (distance <= threshold_ || a.empty() || b.empty()) return true;
  return Containment(a, b) >= kMinKeyContainment;
}

const char* DuplicateReasonName(DuplicateMatch::Reason reason) {
  switch (reason) {
    case DuplicateMatch::Reason::kUrl:
      return "url";
    case DuplicateMatch::Reason::kKey:
      return "key";
    case DuplicateMatch::Reason::kNearDuplicate:
      break;
  }
  return "near_duplicate";
}

std::optional<DuplicateMatch> DuplicateFinder::Find(
    const DedupeSignature& in, const std::string& description,
    std::span<const DedupeCandidate> candidates) const {
  std::optional<DuplicateMatch> best;
  const auto rank = [](const DuplicateMatch& m) {
    return std::make_tuple(static_cast<int>(m.reason), m.distance, m.canonical_id);
  };
  for (const DedupeCandidate& c : candidates) {
    const DedupeSignature& s = c.signature;
    if (!GuardsPass(in, s)) continue;
    const int distance = HammingDistance(in.simhash, s.simhash);
    std::optional<DuplicateMatch::Reason> reason;
    if (!in.url.empty() && in.url == s.url) {
      reason = DuplicateMatch::Reason::kUrl;
    } else if (in.key == s.key && KeyMatchCorroborated(distance, description, c.description)) {
      reason = DuplicateMatch::Reason::kKey;
    } else if (distance <= threshold_ && Jaccard(in.title, s.title) >= kMinTitleJaccard) {
      reason = DuplicateMatch::Reason::kNearDuplicate;
    }
    if (!reason) continue;
    const DuplicateMatch match{c.canonical_id, c.id, *reason, distance};
    if (!best || rank(match) < rank(*best)) best = match;
  }
  return best;
}

}  // namespace jobrec::ingest
