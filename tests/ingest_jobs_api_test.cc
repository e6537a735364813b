// The jobs read API and the admin sources API, through the router (with a fake authenticator)
// against a real database: pagination, full-text q, parameter errors, 404s, auth.
#include <set>

#include <gtest/gtest.h>

#include "jobrec/api/admin_ops_routes.h"
#include "jobrec/api/admin_sources_routes.h"
#include "jobrec/api/jobs_routes.h"
#include "jobrec/api/router.h"
#include "tests/ingest_test_support.h"
#include "tests/support/header_authenticator.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

class JobsApiTest : public IngestTest {
 protected:
  void SetUp() override {
    IngestTest::SetUp();
    router_ =
        std::make_unique<api::Router>(api::Guards{.authenticator = std::make_shared<HeaderAuthenticator>()});
    queue_ = std::make_unique<store::TaskQueue>(db(), 5);
    api::AddJobsRoutes(*router_, db());
    api::AddAdminSourcesRoutes(*router_, db(), *queue_);
    api::AddAdminOpsRoutes(*router_, db(), *queue_);
  }

  api::Response Call(const std::string& method, const std::string& path,
                     std::multimap<std::string, std::string> query = {}, const std::string& user = "7") {
    api::Request request{.method = method, .path = path, .query = std::move(query)};
    if (!user.empty()) request.headers = {{"X-Test-User", user}};
    return router_->Dispatch(request);
  }

  // Seven postings, posted a day apart (id 0 the oldest); every third mentions Kubernetes.
  int64_t LoadSeven() {
    auto script = std::make_shared<ConnectorScript>();
    script->pages.resize(1);
    for (int i = 0; i < 7; ++i) {
      ingest::Posting p = MakePosting("board", std::to_string(i), "Role " + std::to_string(i),
                                      "Company " + std::to_string(i), "City " + std::to_string(i),
                                      i % 3 == 0 ? "Operate our Kubernetes clusters and the services on them."
                                                 : "Keep the books of a small bakery and file its taxes.");
      p.posted_at = At("2026-10-01T09:00:00Z") + std::chrono::days(i);
      p.salary = ingest::Salary{.min = 50000, .max = 60000, .currency = "EUR", .period = "year"};
      script->pages[0].postings.push_back(p);
    }
    const int64_t source = AddFakeSource("board");
    EXPECT_TRUE(SyncFake(source, script).ok());
    return source;
  }

  std::unique_ptr<api::Router> router_;
  std::unique_ptr<store::TaskQueue> queue_;
};

json Body(const api::Response& response) { return json::parse(response.body); }

TEST_F(JobsApiTest, ListsNewestFirstWithKeysetPages) {
  LoadSeven();
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  for (int page = 0; page < 4; ++page) {
    std::multimap<std::string, std::string> query = {{"limit", "3"}};
    if (cursor) query.emplace("cursor", *cursor);
    const api::Response response = Call("GET", "/api/v1/jobs", query);
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = Body(response);
    EXPECT_EQ(body["total"], 7);
    for (const json& item : body["items"]) seen.push_back(item["external_id"]);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"6", "5", "4", "3", "2", "1", "0"}));

  const json first = Body(Call("GET", "/api/v1/jobs", {{"limit", "1"}}))["items"][0];
  EXPECT_EQ(first["title"], "Role 6");
  EXPECT_EQ(first["provider"], "board");
  EXPECT_EQ(first["location"]["city"], "City 6");
  EXPECT_EQ(first["location"]["region"], nullptr);
  EXPECT_EQ(first["location"]["country"], "US");
  EXPECT_EQ(first["remote"], "onsite");
  EXPECT_EQ(first["salary"],
            json({{"min", 50000.0}, {"max", 60000.0}, {"currency", "EUR"}, {"period", "year"}}));
  EXPECT_EQ(first["employment_type"], "full_time");
  EXPECT_EQ(first["posted_at"], "2026-10-07T09:00:00Z");
  EXPECT_EQ(first["expires_at"], nullptr);
  EXPECT_EQ(first["status"], "active");
  EXPECT_EQ(first["labels"]["onet_soc"], "15-2051.00");
  EXPECT_TRUE(first["id"].is_number_integer());
  EXPECT_FALSE(first.contains("raw"));

  // Default limit 20: everything on one page.
  const json all = Body(Call("GET", "/api/v1/jobs"));
  EXPECT_EQ(all["items"].size(), 7u);
  EXPECT_EQ(all["next_cursor"], nullptr);
}

TEST_F(JobsApiTest, FullTextSearch) {
  LoadSeven();
  const json body = Body(Call("GET", "/api/v1/jobs", {{"q", "kubernetes cluster"}}));
  EXPECT_EQ(body["total"], 3);
  std::set<std::string> ids;
  for (const json& item : body["items"]) ids.insert(item["external_id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"0", "3", "6"}));
  EXPECT_EQ(Body(Call("GET", "/api/v1/jobs", {{"q", "bakery -kubernetes"}}))["total"], 4);
  EXPECT_EQ(Body(Call("GET", "/api/v1/jobs", {{"q", "\"role 4\""}}))["total"], 1);
  EXPECT_EQ(Body(Call("GET", "/api/v1/jobs", {{"q", "submarine"}}))["total"], 0);
  // Search syntax a person may type is not an error.
  EXPECT_EQ(Call("GET", "/api/v1/jobs", {{"q", "\"unbalanced (quote & | !"}}).status, 200);
  // Paging within a search.
  const json page1 = Body(Call("GET", "/api/v1/jobs", {{"q", "kubernetes"}, {"limit", "2"}}));
  ASSERT_TRUE(page1["next_cursor"].is_string());
  const json page2 =
      Body(Call("GET", "/api/v1/jobs",
                {{"q", "kubernetes"}, {"limit", "2"}, {"cursor", page1["next_cursor"].get<std::string>()}}));
  ASSERT_EQ(page2["items"].size(), 1u);
  EXPECT_EQ(page2["items"][0]["external_id"], "0");
  EXPECT_EQ(page2["next_cursor"], nullptr);
}

TEST_F(JobsApiTest, BadParametersAre400sNamingTheParameter) {
  LoadSeven();
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"limit", "0"},
                                                        {"limit", "101"},
                                                        {"limit", "ten"},
                                                        {"limit", "-1"},
                                                        {"cursor", "garbage"},
                                                        {"cursor", "cDE6MTIzOmFiYw"},
                                                        {"q", std::string(501, 'a')}}) {
    const api::Response response = Call("GET", "/api/v1/jobs", {{name, value}});
    EXPECT_EQ(response.status, 400) << name << "=" << value;
    EXPECT_EQ(Body(response)["error"]["field"], name) << response.body;
  }
  EXPECT_EQ(Call("GET", "/api/v1/jobs", {{"limit", "100"}}).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/jobs", {{"limit", "1"}}).status, 200);
}

TEST_F(JobsApiTest, OneJobWithItsSourcesAnd404s) {
  LoadSeven();
  const int64_t id = test_db().QueryInt("SELECT id FROM postings WHERE external_id = '2'");
  const api::Response response = Call("GET", "/api/v1/jobs/" + std::to_string(id));
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = Body(response);
  EXPECT_EQ(body["external_id"], "2");
  EXPECT_EQ(body["duplicate_of"], nullptr);
  EXPECT_EQ(body["sources"],
            json::array({{{"provider", "board"}, {"url", "https://board.example.org/jobs/2"}}}));
  EXPECT_NE(body["description"].get<std::string>().find("bakery"), std::string::npos);

  // A duplicate names its canonical posting; both list the same sources.
  const int64_t other = test_db().QueryInt("SELECT id FROM postings WHERE external_id = '3'");
  test_db().Exec("UPDATE postings SET canonical_id = " + std::to_string(id) +
                 " WHERE id = " + std::to_string(other));
  const json duplicate = Body(Call("GET", "/api/v1/jobs/" + std::to_string(other)));
  EXPECT_EQ(duplicate["duplicate_of"], id);
  EXPECT_EQ(duplicate["sources"].size(), 2u);
  EXPECT_EQ(Body(Call("GET", "/api/v1/jobs/" + std::to_string(id)))["sources"].size(), 2u);
  EXPECT_EQ(Body(Call("GET", "/api/v1/jobs"))["total"], 6);

  for (const std::string bad : {"999999", "abc", "-1", "0", "1.5", "+1", "99999999999999999999"}) {
    const api::Response missing = Call("GET", "/api/v1/jobs/" + bad);
    EXPECT_EQ(missing.status, 404) << bad;
    EXPECT_EQ(Body(missing)["error"]["code"], "not_found") << bad;
  }
}

TEST_F(JobsApiTest, SignedOutCallersGet401) {
  LoadSeven();
  EXPECT_EQ(Call("GET", "/api/v1/jobs", {}, "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/jobs/1", {}, "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/admin/sources", {}, "").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/admin/sources/1/sync", {}, "").status, 401);
}

TEST_F(JobsApiTest, AdminSourcesListAndSyncAreForAdministratorsOnly) {
  const int64_t source = LoadSeven();
  EXPECT_EQ(Call("GET", "/api/v1/admin/sources").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/admin/sources/" + std::to_string(source) + "/sync").status, 403);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks"), 0);

  AddSource({.name = "later", .kind = "adzuna", .interval = std::chrono::minutes(360)});
  const api::Response listed = Call("GET", "/api/v1/admin/sources", {}, "1 admin");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json items = Body(listed)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["name"], "board");
  EXPECT_EQ(items[0]["kind"], "fake");
  EXPECT_EQ(items[0]["interval_minutes"], nullptr);
  EXPECT_EQ(items[0]["enabled"], true);
  const json last = items[0]["last_sync"];
  EXPECT_EQ(last["state"], "succeeded");
  EXPECT_EQ(last["seen"], 7);
  EXPECT_EQ(last["new"], 7);
  EXPECT_EQ(last["updated"], 0);
  EXPECT_EQ(last["unchanged"], 0);
  EXPECT_EQ(last["rejected"], 0);
  EXPECT_EQ(last["expired"], 0);
  EXPECT_EQ(last["error"], nullptr);
  EXPECT_TRUE(last["started_at"].is_string());
  EXPECT_TRUE(last["finished_at"].is_string());
  EXPECT_EQ(items[1]["name"], "later");
  EXPECT_EQ(items[1]["interval_minutes"], 360);
  EXPECT_EQ(items[1]["last_sync"], nullptr);

  const api::Response sync =
      Call("POST", "/api/v1/admin/sources/" + std::to_string(source) + "/sync", {}, "1 admin");
  ASSERT_EQ(sync.status, 202) << sync.body;
  EXPECT_EQ(Body(sync)["created"], true);
  const int64_t task = Body(sync)["task_id"];
  EXPECT_EQ(test_db().QueryValue("SELECT kind || ' ' || payload::text FROM tasks WHERE id = " +
                                 std::to_string(task)),
            "ingest.sync {\"source_id\": " + std::to_string(source) + "}");
  const api::Response again =
      Call("POST", "/api/v1/admin/sources/" + std::to_string(source) + "/sync", {}, "1 admin");
  EXPECT_EQ(Body(again)["task_id"], task) << "a pending sync is not queued twice";
  EXPECT_EQ(Body(again)["created"], false);
  EXPECT_EQ(Call("POST", "/api/v1/admin/sources/424242/sync", {}, "1 admin").status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/admin/sources/x/sync", {}, "1 admin").status, 404);
}

TEST_F(JobsApiTest, AdminQueueAndWorkersAreForAdministratorsOnly) {
  EXPECT_EQ(Call("GET", "/api/v1/admin/queue", {}, "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/admin/queue").status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/admin/workers").status, 403);

  const int64_t source = AddFakeSource("board");
  ASSERT_EQ(Call("POST", "/api/v1/admin/sources/" + std::to_string(source) + "/sync", {}, "1 admin").status, 202);
  const api::Response queue = Call("GET", "/api/v1/admin/queue", {}, "1 admin");
  ASSERT_EQ(queue.status, 200) << queue.body;
  const json items = Body(queue)["items"];
  ASSERT_EQ(items.size(), 1u) << queue.body;
  EXPECT_EQ(items[0]["kind"], "ingest.sync");
  EXPECT_EQ(items[0]["state"], "queued");
  EXPECT_EQ(items[0]["count"], 1);
  EXPECT_TRUE(items[0]["oldest_age_seconds"].is_number()) << queue.body;

  test_db().Exec(
      "INSERT INTO workers (provider, instance_id, host, lease_owner, state, concurrency, lost_after) "
      "VALUES ('local', '4242', 'web-1', 'web-1:4242', 'idle', 2, interval '30 seconds')");
  const api::Response workers = Call("GET", "/api/v1/admin/workers", {}, "1 admin");
  ASSERT_EQ(workers.status, 200) << workers.body;
  ASSERT_EQ(Body(workers)["workers"].size(), 1u) << workers.body;
  EXPECT_EQ(Body(workers)["workers"][0]["instance_id"], "4242");
  EXPECT_TRUE(Body(workers)["decisions"].is_array());
  EXPECT_EQ(Call("GET", "/api/v1/admin/workers", {{"decisions", "0"}}, "1 admin").status, 400);
}

}  // namespace
}  // namespace jobrec::testing
