#include "jobrec/ingest/dedupe.h"

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

TEST(NormalizeCompany, StripsLegalSuffixesAndPunctuation) {
  EXPECT_EQ(NormalizeCompany("Acme, Inc."), "acme");
  EXPECT_EQ(NormalizeCompany("ACME INC"), "acme");
  EXPECT_EQ(NormalizeCompany("Acme Ltd"), "acme");
  EXPECT_EQ(NormalizeCompany("Müller GmbH & Co. KG"), "müller");
  EXPECT_EQ(NormalizeCompany("Société Générale SAS"), "société générale");
  EXPECT_EQ(NormalizeCompany("The Boring Company"), "boring");
  EXPECT_EQ(NormalizeCompany("Northwind B.V."), "northwind");
  EXPECT_EQ(NormalizeCompany("Inc"), "inc");  // a name that is only a suffix stays
  EXPECT_EQ(NormalizeCompany(""), "");
}

TEST(NormalizeTitle, SeniorityAbbreviationsAndGenderMarkers) {
  EXPECT_EQ(NormalizeTitle("Sr. Data Engineer (m/w/d)"), "senior data engineer");
  EXPECT_EQ(NormalizeTitle("Softwareentwickler (w/m/d)"), "softwareentwickler");
  EXPECT_EQ(NormalizeTitle("  Jr.  Analyst - f/m/x "), "junior analyst");
  EXPECT_EQ(NormalizeTitle("Nurse (RN)"), "nurse rn");
}

TEST(CanonicalUrl, DropsTrackingAndCosmetics) {
  EXPECT_EQ(CanonicalUrl("https://www.Example.com/jobs/1/?utm_source=x&id=2&gclid=3#apply"),
            "example.com/jobs/1?id=2");
  EXPECT_EQ(CanonicalUrl("http://example.com/jobs/1"), "example.com/jobs/1");
  EXPECT_EQ(CanonicalUrl("https://example.com/jobs?b=2&a=1"), "example.com/jobs?a=1&b=2");
  EXPECT_EQ(CanonicalUrl("https://boards.greenhouse.io/acme/jobs/9?gh_src=abc"),
            "boards.greenhouse.io/acme/jobs/9");
  EXPECT_EQ(CanonicalUrl(""), "");
  EXPECT_NE(CanonicalUrl("https://example.com/jobs/1"), CanonicalUrl("https://example.com/jobs/2"));
}

TEST(SimHash, StableAndLocal) {
  const std::string text =
      "We are hiring a data engineer to build pipelines in Spark and PostgreSQL for our "
      "analytics platform, working with product teams across Europe on reliable systems.";
  EXPECT_EQ(SimHash(text), SimHash(text));
  EXPECT_EQ(SimHash("a b c d"), SimHash("A, b; c. d"));
  EXPECT_LE(HammingDistance(SimHash(text), SimHash(text + " Apply today.")), 8);
  EXPECT_GT(HammingDistance(SimHash(text), SimHash("Registered nurse for night shifts in a "
                                                   "busy emergency department, caring for "
                                                   "patients and families.")),
            12);
  EXPECT_EQ(SimHash(""), 0u);
}

// Fixed values: the store keeps fingerprints, so the function must never change silently.
// They were computed by the first (one vote per bit and feature) implementation; the long
// text has ~1,200 distinct shingles, more than one 255-feature counting chunk.
TEST(SimHash, FixedValues) {
  std::string long_text;
  for (int i = 0; i < 1200; ++i) {
    long_text += "Word" + std::to_string((i * 37) % 97) + (i % 11 == 0 ? ". " : " ");
  }
  EXPECT_EQ(SimHash(long_text), 0x065ac76710c2ada8u);
  EXPECT_EQ(SimHash("Senior Müller-Lüdenscheid DATA engineer, Zürich (m/w/d)"), 0x86712216164355e2u);
  EXPECT_EQ(SimHash("one two"), 0x82488a810a082860u);
}

// A repeated passage adds no weight: its shingles are the ones already there.
TEST(SimHash, EachDistinctShingleCountsOnce) {
  const std::string period = "Design welding fixtures and train apprentices on the night shift ";
  std::string twice = period + period, many;
  for (int i = 0; i < 40; ++i) many += period;
  EXPECT_EQ(SimHash(twice), SimHash(many));
  EXPECT_EQ(SimHash(twice + "Extra words here"), SimHash(many + "Extra words here"));
}

TEST(SimHashBands, PigeonholeGuarantee) {
  // Any two fingerprints within the threshold share at least one band.
  uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int trial = 0; trial < 2000; ++trial) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    uint64_t y = x;
    uint64_t r = x * 0xBF58476D1CE4E5B9ULL;
    for (int flip = 0; flip < kBandGuaranteedDistance; ++flip) {
      y ^= uint64_t{1} << (r % 64);
      r = r * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    const auto a = SimHashBands(x), b = SimHashBands(y);
    bool shared = false;
    for (int i = 0; i < kSimHashBands; ++i) shared = shared || a[i] == b[i];
    ASSERT_TRUE(shared) << std::hex << x << " " << y;
  }
  // Bands are tagged with their number, so equal bits in different bands never match.
  EXPECT_NE(SimHashBands(0)[0], SimHashBands(0)[1]);
}

Posting Job(const std::string& title, const std::string& company, const std::string& city,
            const std::string& description, const std::string& url = "") {
  Posting p;
  p.provider = "t";
  p.external_id = title + company + city;
  p.title = title;
  p.company = company;
  p.location.city = city;
  p.location.country = "US";
  p.description = description;
  p.url = url;
  p.posted_at = *ParseTimestamp("2024-01-10");
  return p;
}

TEST(DuplicateFinder, RulesAndGuards) {
  const std::string text =
      "Design, build and run the data platform. Own ingestion pipelines written in Python and "
      "Spark, the warehouse in PostgreSQL, and the quality checks around them. Work with "
      "analysts and product managers to model the business, mentor two junior engineers and "
      "take part in a light on-call rotation. We offer a learning budget and flexible hours.";
  const DedupeCandidate base{1, 1, Sign(Job("Data Engineer", "Acme Inc", "Austin", text)), text};
  const DuplicateFinder finder;
  const auto find = [&](const Posting& p) {
    return finder.Find(Sign(p), p.description, {&base, 1});
  };

  auto same = find(Job("Data Engineer", "ACME", "Austin", text + " Apply today!"));
  ASSERT_TRUE(same);
  EXPECT_EQ(same->reason, DuplicateMatch::Reason::kKey);
  EXPECT_EQ(same->canonical_id, 1);

  Posting next_month = Job("Data Engineer", "Acme", "Austin", text + " Apply today!");
  next_month.posted_at = *ParseTimestamp("2024-02-20");
  auto near = find(next_month);
  ASSERT_TRUE(near);
  EXPECT_EQ(near->reason, DuplicateMatch::Reason::kNearDuplicate);

  EXPECT_FALSE(find(Job("Data Engineer", "Globex", "Austin", text)));         // other company
  EXPECT_FALSE(find(Job("Senior Data Engineer", "Acme", "Austin", text)));    // seniority
  EXPECT_FALSE(find(Job("Data Engineer", "Acme", "Denver", text)));           // other city
  EXPECT_FALSE(find(Job("Marketing Manager", "Acme", "Austin", text)));       // other role
  EXPECT_TRUE(find(Job("Data Engineer", "Acme", "", text)));                  // city unknown

  Posting remote = Job("Data Engineer", "Acme", "Denver", text);
  remote.remote = RemoteMode::kRemote;
  EXPECT_TRUE(find(remote));

  // The same page url through another board collapses even with a reworded title.
  DedupeCandidate with_url{2, 1, Sign(Job("Data Engineer", "Acme", "Austin", text,
                                          "https://acme.example/jobs/7")), text};
  auto by_url = finder.Find(Sign(Job("Data Engineer (Platform)", "Acme", "Austin", "short",
                                     "https://www.acme.example/jobs/7/?utm_source=board")),
                            "short", {&with_url, 1});
  ASSERT_TRUE(by_url);
  EXPECT_EQ(by_url->reason, DuplicateMatch::Reason::kUrl);
  EXPECT_EQ(by_url->canonical_id, 1);  // collapses into the candidate's canonical
  EXPECT_FALSE(finder.Find(Sign(remote), text, {}));

  // Same key, but another team's text: not corroborated. A truncated copy is.
  const std::string other_text =
      "Plan and run field campaigns for our retail clients, recruit and brief promoters, "
      "track stock in stores and report weekly sales figures to account managers. Travel "
      "within the region is part of the job; a driving licence is required.";
  EXPECT_FALSE(find(Job("Data Engineer", "Acme", "Austin", other_text)));
  auto truncated = find(Job("Data Engineer", "Acme", "Austin", text.substr(0, 160) + "…"));
  ASSERT_TRUE(truncated);
  EXPECT_EQ(truncated->reason, DuplicateMatch::Reason::kKey);
}

// The labelled set: postings are processed in order, each compared with the earlier ones that
// the store would return as candidates (same key, same url, or a shared SimHash band), and
// the resulting clusters are compared pairwise with the truth.
TEST(DuplicateFinder, NearDuplicateSetPrecisionAndRecall) {
  auto source = JsonlSource::Open({.path = testing::FixturePath("dedupe/near_duplicates.jsonl"),
                                   .provider = "", .page_size = 10000});
  ASSERT_TRUE(source.ok());
  auto page = (*source)->FetchPage(nullptr);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(page->rejected.empty());
  const std::vector<Posting>& postings = page->postings;
  ASSERT_GT(postings.size(), 300u);

  const DuplicateFinder finder;
  std::vector<DedupeCandidate> stored;
  std::vector<int64_t> predicted;  // canonical id per posting
  size_t candidates_seen = 0;
  std::map<std::string, int> reasons;
  for (size_t i = 0; i < postings.size(); ++i) {
    const DedupeSignature sig = Sign(postings[i]);
    const auto bands = SimHashBands(sig.simhash);
    std::vector<DedupeCandidate> candidates;
    for (const DedupeCandidate& c : stored) {
      const auto cb = SimHashBands(c.signature.simhash);
      bool band = false;
      for (int b = 0; b < kSimHashBands; ++b) band = band || cb[b] == bands[b];
      const bool same_company = !sig.company.empty() && c.signature.company == sig.company;
      if (band || same_company || c.signature.key == sig.key ||
          (!sig.url.empty() && c.signature.url == sig.url)) {
        candidates.push_back(c);
      }
    }
    candidates_seen += candidates.size();
    const auto match = finder.Find(sig, postings[i].description, candidates);
    const int64_t id = static_cast<int64_t>(i);
    const int64_t canonical = match ? match->canonical_id : id;
    if (match) ++reasons[DuplicateReasonName(match->reason)];
    predicted.push_back(canonical);
    stored.push_back({id, canonical, sig, postings[i].description});
  }

  size_t tp = 0, fp = 0, fn = 0;
  std::map<std::string, std::pair<int, int>> per_case;  // case -> (correct, total) vs base
  for (size_t i = 0; i < postings.size(); ++i) {
    for (size_t j = i + 1; j < postings.size(); ++j) {
      const bool truth = postings[i].labels["cluster"] == postings[j].labels["cluster"];
      const bool said = predicted[i] == predicted[j];
      tp += truth && said;
      fp += !truth && said;
      fn += truth && !said;
      if (fp > 0 && !truth && said && fp <= 5) {
        std::printf("false merge: %s [%s] ~ %s [%s]\n",
                    postings[i].labels["case"].get<std::string>().c_str(),
                    postings[i].title.c_str(), postings[j].labels["case"].get<std::string>().c_str(),
                    postings[j].title.c_str());
      }
    }
  }
  // Per case: is the posting in the same predicted cluster as its base (for same-job cases)
  // or outside it (for different-job cases)?
  std::map<std::string, size_t> base_of;
  for (size_t i = 0; i < postings.size(); ++i) {
    if (postings[i].labels["case"] == "base") base_of[postings[i].labels["cluster"]] = i;
  }
  for (size_t i = 0; i < postings.size(); ++i) {
    const std::string c = postings[i].labels["case"];
    if (c == "base") continue;
    std::string cluster = postings[i].labels["cluster"];
    const bool different_job = cluster.find('-') != std::string::npos;
    const size_t base = base_of.at(cluster.substr(0, cluster.find('-')));
    const bool merged = predicted[i] == predicted[base];
    per_case[c].first += different_job ? !merged : merged;
    per_case[c].second += 1;
  }
  const double precision = tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp);
  const double recall = tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn);
  std::printf("dedupe set: %zu postings, threshold %d; pairs tp=%zu fp=%zu fn=%zu; "
              "precision %.3f recall %.3f; %.1f candidates per posting\n",
              postings.size(), kSimHashThreshold, tp, fp, fn, precision, recall,
              double(candidates_seen) / double(postings.size()));
  for (const auto& [c, counts] : per_case) {
    std::printf("  %-18s %d/%d handled correctly\n", c.c_str(), counts.first, counts.second);
  }
  for (const auto& [r, n] : reasons) std::printf("  matches by %s: %d\n", r.c_str(), n);
  RecordProperty("precision", std::to_string(precision));
  RecordProperty("recall", std::to_string(recall));
  // One known miss: a 300-character snippet that shows only the intro two teams share
  // corroborates the key match of the other team's posting too (7 false pairs).
  EXPECT_GE(precision, 0.98);
  EXPECT_GE(recall, 0.95);
}

// Distances on the set, by case, against the base posting: what the threshold was chosen
// from. Printed, and checked only loosely (the set, not this test, fixes the numbers).
TEST(DuplicateFinder, DistanceProfileOfTheSet) {
  auto source = JsonlSource::Open({.path = testing::FixturePath("dedupe/near_duplicates.jsonl"),
                                   .provider = "", .page_size = 10000});
  ASSERT_TRUE(source.ok());
  auto page = (*source)->FetchPage(nullptr);
  ASSERT_TRUE(page.ok());
  std::map<std::string, uint64_t> base_hash;
  for (const Posting& p : page->postings) {
    if (p.labels["case"] == "base") base_hash[p.labels["cluster"]] = Sign(p).simhash;
  }
  std::map<std::string, std::vector<int>> by_case;
  for (const Posting& p : page->postings) {
    const std::string cluster = p.labels["cluster"];
    by_case[p.labels["case"]].push_back(
        HammingDistance(Sign(p).simhash, base_hash.at(cluster.substr(0, cluster.find('-')))));
  }
  for (auto& [c, d] : by_case) {
    std::sort(d.begin(), d.end());
    std::printf("  %-18s min %2d  median %2d  max %2d\n", c.c_str(), d.front(), d[d.size() / 2],
                d.back());
  }
  EXPECT_EQ(by_case["base"].back(), 0);
}

}  // namespace
}  // namespace jobrec::ingest
