#include "tests/ingest_test_support.h"

#include <chrono>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_posting.h"

namespace jobrec::testing {

absl::StatusOr<ingest::Page> FakeConnector::FetchPage(const nlohmann::json& cursor) {
  std::lock_guard lock(script_->mutex);
  script_->requested.push_back(cursor);
  const int page = cursor.is_null() ? 0 : cursor.at("page").get<int>();
  if (page < 0 || page >= static_cast<int>(script_->pages.size())) {
    return absl::InvalidArgumentError(absl::StrCat("fake: no page ", page));
  }
  if (page == script_->fail_at_page && script_->failures_left > 0) {
    --script_->failures_left;
    return absl::UnavailableError(absl::StrCat("fake: page ", page, " is unavailable"));
  }
  ingest::Page out = script_->pages[page];
  out.next_cursor = {{"page", page + 1}};
  out.last = page + 1 == static_cast<int>(script_->pages.size());
  return out;
}

std::shared_ptr<ConnectorScript> ThreeGroupsScript(bool with_salaries) {
  struct Group {
    std::string title;
    std::string words;  // what every posting of the group talks about
  };
  static const Group kGroups[] = {
      {"Kubernetes Platform Engineer",
       "kubernetes clusters terraform helm containers cloud infrastructure platform reliability"},
      {"Pastry Chef", "pastry croissants bakery dough ovens desserts chocolate kitchen"},
      {"Registered Nurse", "patients ward nursing care hospital medication clinical shifts"},
  };
  static const char* kVariety[] = {"alpha", "bravo", "charlie", "delta", "echo",
                                   "foxtrot", "golf", "hotel", "india", "juliet"};
  std::vector<ingest::Posting> postings;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (size_t g = 0; g < std::size(kGroups); ++g) {
    for (int i = 0; i < 10; ++i) {
      const std::string id = absl::StrCat(g, "-", i);
      const bool berlin = i % 2 == 0;
      ingest::Posting p = MakePosting(
          "board", id, absl::StrCat(kGroups[g].title, " ", kVariety[i]), absl::StrCat("Company ", id),
          berlin ? "Berlin" : "Austin",
          absl::StrCat("Posting ", kVariety[i], " ", id, ". We need ", kGroups[g].words, ". Every day: ",
                       kGroups[g].words, ". Team ", kVariety[(i + g) % 10], " number ", i * 7 + g, "."));
      p.location.country = berlin ? "DE" : "US";
      p.remote = berlin ? ingest::RemoteMode::kRemote : ingest::RemoteMode::kOnsite;
      if (with_salaries) {
        p.salary = ingest::Salary{.min = berlin ? 80000.0 : 30000.0,
                                  .max = berlin ? 90000.0 : 40000.0,
                                  .currency = "EUR",
                                  .period = "year"};
      }
      p.posted_at = now - std::chrono::days(i * 10);
      postings.push_back(p);
    }
  }
  return OnePage(std::move(postings));
}

std::shared_ptr<ConnectorScript> OnePage(std::vector<ingest::Posting> postings) {
  auto script = std::make_shared<ConnectorScript>();
  script->pages.resize(1);
  script->pages[0].postings = std::move(postings);
  return script;
}

ingest::Posting MakePosting(const std::string& provider, const std::string& external_id,
                            const std::string& title, const std::string& company, const std::string& city,
                            std::string description) {
  ingest::Posting p;
  p.provider = provider;
  p.external_id = external_id;
  p.title = title;
  p.company = company;
  p.url = absl::StrCat("https://", provider, ".example.org/jobs/", external_id);
  p.location = {.text = city, .city = city, .region = "", .country = "US"};
  p.remote = ingest::RemoteMode::kOnsite;
  p.employment_type = "full_time";
  if (description.empty()) {
    description = absl::StrCat(company, " is hiring a ", title, " in ", city, ". You will own the ", title,
                               " work of our ", city,
                               " office: plan it, build it, measure it and explain it to the team. "
                               "Reference ",
                               title, " ", company, " ", city, ".");
  }
  p.description = std::move(description);
  p.posted_at = At("2026-10-01T09:00:00Z");
  p.labels = {{"onet_soc", "15-2051.00"}};
  p.raw_json = ingest::RawJson({{"id", external_id}});
  if (absl::Status s = ingest::FinalizePosting(p); !s.ok()) {
    std::fprintf(stderr, "MakePosting: %s\n", s.ToString().c_str());
    std::abort();
  }
  return p;
}

ingest::TimePoint At(const std::string& timestamp) {
  auto t = ingest::ParseTimestamp(timestamp);
  if (!t.ok()) {
    std::fprintf(stderr, "At(%s): %s\n", timestamp.c_str(), t.status().ToString().c_str());
    std::abort();
  }
  return *t;
}

std::string SourcePath(const std::string& relative) {
  const char* root = std::getenv("JOBREC_TEST_SOURCE_DIR");
  return absl::StrCat(root != nullptr ? root : JOBREC_TEST_SOURCE_ROOT, "/", relative);
}

int64_t IngestTest::AddFakeSource(const std::string& name, bool full_sync) {
  return AddSource({.name = name, .kind = "fake", .full_sync = full_sync});
}

int64_t IngestTest::AddSource(const store::SourceSpec& spec) {
  auto added = store::SourceRepo(db()).Upsert(spec);
  EXPECT_TRUE(added.ok()) << added.status();
  return added.ok() ? added->first : 0;
}

absl::StatusOr<store::SyncRunRecord> IngestTest::SyncFake(int64_t source_id,
                                                          std::shared_ptr<ConnectorScript> script,
                                                          ingest::SyncOptions options) {
  ingest::SyncRunner runner(
      db(), [script](const store::Source&) -> absl::StatusOr<std::unique_ptr<ingest::Connector>> {
        return std::make_unique<FakeConnector>(script);
      });
  return runner.Run(source_id, options);
}

absl::StatusOr<store::SyncRunRecord> IngestTest::SyncReal(int64_t source_id, ingest::SyncOptions options) {
  ingest::SyncRunner runner(db(), ingest::SourceConnectorOpener({}));
  return runner.Run(source_id, options);
}

int64_t IngestTest::Count(const std::string& where) {
  return test_db().QueryInt("SELECT count(*) FROM postings WHERE " + where);
}

}  // namespace jobrec::testing
