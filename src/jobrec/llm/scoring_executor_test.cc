#include "jobrec/llm/scoring_executor.h"

#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/common/log.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;
using ::testing::Each;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeLlmServer;
using testing::FakeResponse;
using testing::RecordedRequest;
using namespace std::chrono_literals;

constexpr int64_t kInputTokens = 1000;
constexpr int64_t kOutputTokens = 200;

FakeResponse GoodReply(std::chrono::milliseconds delay = 0ms) {
  return {.body = testing::OpenAiReply(testing::GoodScoreJson().dump(), kInputTokens, kOutputTokens),
          .delay = delay};
}

std::vector<ScoringRequest> Requests(int count) {
  auto profile = std::make_shared<const ProfileInput>(testing::SampleProfile());
  std::vector<ScoringRequest> requests;
  for (int i = 0; i < count; ++i) {
    requests.push_back({.profile = profile,
                        .posting = testing::SamplePosting("Data Engineer #" + std::to_string(i))});
  }
  return requests;
}

class ScoringExecutorTest : public ::testing::Test {
 protected:
  void Start(FakeLlmServer::Handler handler, LlmOptions options = {}) {
    auto server = FakeLlmServer::Start(std::move(handler));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    if (options.provider.empty()) options = testing::TestOptions("openai", server_->BaseUrl());
    options.base_url = server_->BaseUrl();
    options.pricing = {.input_per_mtok = 3.0, .output_per_mtok = 15.0};
    auto runtime = NewLlmRuntime(options, testing::FastHttpClient(2));
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    runtime_ = *std::move(runtime);
  }

  std::unique_ptr<FakeLlmServer> server_;
  LlmRuntime runtime_;
};

// USD one call costs at the test prices with the tokens the server reports.
constexpr double kCallCost = (kInputTokens * 3.0 + kOutputTokens * 15.0) / 1e6;

TEST_F(ScoringExecutorTest, ScoresEveryItemWithBoundedConcurrency) {
  std::atomic<int> in_flight{0}, peak{0};
  ASSERT_NO_FATAL_FAILURE(Start([&](const RecordedRequest&, int) {
    const int now = ++in_flight;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {}
    std::this_thread::sleep_for(50ms);
    --in_flight;
    return GoodReply();
  }));
  ScoringExecutor executor(runtime_.scorer, 4);
  std::vector<int> seen_on_item(12, 0);
  BatchResult batch = executor.Run(
      Requests(12), {.on_item = [&](size_t index, const ItemResult&) { ++seen_on_item[index]; }});

  EXPECT_EQ(batch.scored, 12);
  EXPECT_EQ(batch.failed + batch.budget_exhausted + batch.cancelled, 0);
  EXPECT_THAT(seen_on_item, Each(1));
  EXPECT_LE(peak.load(), 4);
  EXPECT_GE(peak.load(), 2);
  EXPECT_EQ(batch.usage, (Usage{.input_tokens = 12 * kInputTokens, .output_tokens = 12 * kOutputTokens}));
  EXPECT_NEAR(batch.cost_usd, 12 * kCallCost, 1e-12);
  const ItemResult& item = batch.items[3];
  ASSERT_TRUE(item.score.has_value());
  EXPECT_EQ(item.score->score, 7);
  EXPECT_EQ(item.model, "fake-model-2025");
  EXPECT_EQ(item.prompt_version, "score-v1");
  EXPECT_EQ(item.cache_key.size(), 64u);
  EXPECT_NE(item.cache_key, batch.items[4].cache_key);
  EXPECT_NEAR(item.cost_usd, kCallCost, 1e-12);
  // Each request carried its own posting.
  std::set<std::string> users;
  for (const auto& request : server_->Requests()) users.insert(request.json["messages"][1]["content"]);
  EXPECT_EQ(users.size(), 12u);
}

TEST_F(ScoringExecutorTest, BudgetRefusalMidBatchStopsTheRest) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) { return GoodReply(); }));
  // The estimate of one call (its prompt / 4 in, 500 out) is about 0.01 USD, its actual cost
  // 0.006: a 0.04 budget admits a few calls, then refuses.
  CappedBudget budget(0.04);
  ScoringExecutor executor(runtime_.scorer, 1);
  BatchResult batch = executor.Run(Requests(10), {.budget = &budget});

  ASSERT_GT(batch.scored, 0);
  ASSERT_GT(batch.budget_exhausted, 0);
  EXPECT_EQ(batch.scored + batch.budget_exhausted, 10);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(batch.items[i].state, i < batch.scored ? ItemState::kScored : ItemState::kBudgetExhausted) << i;
  }
  EXPECT_EQ(server_->RequestCount(), batch.scored);
  // Spend is exactly what the server reported, priced.
  EXPECT_NEAR(budget.spent_usd(), batch.scored * kCallCost, 1e-12);
  EXPECT_NEAR(batch.cost_usd, budget.spent_usd(), 1e-12);
  EXPECT_LE(budget.spent_usd(), 0.04);
}

TEST_F(ScoringExecutorTest, BudgetRefusalWithConcurrency) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) { return GoodReply(20ms); }));
  CappedBudget budget(0.05);
  ScoringExecutor executor(runtime_.scorer, 4);
  BatchResult batch = executor.Run(Requests(30), {.budget = &budget});
  EXPECT_GT(batch.budget_exhausted, 0);
  EXPECT_EQ(batch.failed, 0);
  EXPECT_EQ(batch.scored + batch.budget_exhausted, 30);
  EXPECT_EQ(server_->RequestCount(), batch.scored);
  EXPECT_NEAR(budget.spent_usd(), batch.scored * kCallCost, 1e-12);
}

TEST_F(ScoringExecutorTest, CancellationAbandonsInFlightAndStartsNothingNew) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) { return GoodReply(30s); }));
  ScoringExecutor executor(runtime_.scorer, 2);
  std::atomic<bool> cancelled{false};
  const auto requests = Requests(10);
  auto running = std::async(std::launch::async, [&] {
    return executor.Run(requests, {.cancelled = &cancelled});
  });
  ASSERT_TRUE(server_->WaitForRequests(2, 5s));
  const auto cancel_time = std::chrono::steady_clock::now();
  cancelled = true;
  ASSERT_EQ(running.wait_for(5s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - cancel_time, 2s);
  BatchResult batch = running.get();
  EXPECT_EQ(batch.cancelled, 10);
  EXPECT_EQ(server_->RequestCount(), 2);
  EXPECT_THAT(batch.items, Each(Field(&ItemResult::state, ItemState::kCancelled)));
}

TEST_F(ScoringExecutorTest, CacheHitsSkipTheProvider) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) { return GoodReply(); }));
  class MapCache final : public ScoreCache {
   public:
    std::optional<ScoreResult> Lookup(const std::string& key) override {
      std::lock_guard lock(mu);
      auto it = entries.find(key);
      if (it == entries.end()) return std::nullopt;
      return it->second;
    }
    void Store(const std::string& key, const ItemResult& result) override {
      std::lock_guard lock(mu);
      entries[key] = *result.score;
      ++stored;
    }
    std::mutex mu;
    std::map<std::string, ScoreResult> entries;
    int stored = 0;
  } cache;
  const auto requests = Requests(3);
  auto prompt = runtime_.scorer->BuildPrompt(requests[1]);
  ASSERT_TRUE(prompt.ok());
  cache.entries[prompt->cache_key] = ScoreResult{.score = 2, .justification = "cached"};

  ScoringExecutor executor(runtime_.scorer, 2);
  BatchResult batch = executor.Run(requests, {.cache = &cache});
  EXPECT_EQ(batch.scored, 3);
  EXPECT_EQ(batch.from_cache, 1);
  EXPECT_TRUE(batch.items[1].from_cache);
  EXPECT_EQ(batch.items[1].score->justification, "cached");
  EXPECT_EQ(batch.items[1].calls, 0);
  EXPECT_EQ(server_->RequestCount(), 2);
  EXPECT_EQ(cache.stored, 2);

  // Same questions again: everything from the cache.
  BatchResult again = executor.Run(requests, {.cache = &cache});
  EXPECT_EQ(again.from_cache, 3);
  EXPECT_EQ(server_->RequestCount(), 2);
}

TEST_F(ScoringExecutorTest, RequestWithoutProfileFails) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) { return GoodReply(); }));
  auto requests = Requests(2);
  requests[0].profile = nullptr;
  BatchResult batch = ScoringExecutor(runtime_.scorer, 2).Run(requests, {});
  EXPECT_EQ(batch.items[0].state, ItemState::kFailed);
  EXPECT_EQ(batch.items[0].failure_code, absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(batch.items[0].reason, HasSubstr("without a profile"));
  EXPECT_EQ(batch.items[1].state, ItemState::kScored);
  EXPECT_EQ(server_->RequestCount(), 1);
}

TEST_F(ScoringExecutorTest, PersistentServerErrorFailsWithTheProviderMessage) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) {
    return FakeResponse{.status = 503, .body = R"({"error": {"message": "no capacity"}})"};
  }));
  ScoringExecutor executor(runtime_.scorer, 2);
  BatchResult batch = executor.Run(Requests(2), {});
  EXPECT_EQ(batch.failed, 2);
  EXPECT_EQ(batch.items[0].failure_code, absl::StatusCode::kUnavailable);
  EXPECT_THAT(batch.items[0].reason, HasSubstr("HTTP 503: no capacity"));
  EXPECT_FALSE(batch.items[0].score.has_value());
}

TEST_F(ScoringExecutorTest, TimeoutFailsTheItem) {
  LlmOptions options = testing::TestOptions("openai", "");
  options.timeout = 200ms;
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest&, int) { return GoodReply(5s); }, options));
  ScoringExecutor executor(runtime_.scorer, 1);
  BatchResult batch = executor.Run(Requests(1), {});
  EXPECT_EQ(batch.failed, 1);
  EXPECT_EQ(batch.items[0].failure_code, absl::StatusCode::kDeadlineExceeded);
}

TEST_F(ScoringExecutorTest, SchemaViolationsAreRepairedOrFailed) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest& request, int) {
    const bool repair = request.json["messages"].size() > 2;
    const std::string user = request.json["messages"][1]["content"];
    json reply = testing::GoodScoreJson();
    if (user.find("#0") != std::string::npos) reply["score"] = repair ? json(8) : json(11);
    if (user.find("#1") != std::string::npos) reply["score"] = "7";  // never fixed
    return FakeResponse{.body = testing::OpenAiReply(reply.dump(), kInputTokens, kOutputTokens)};
  }));
  ScoringExecutor executor(runtime_.scorer, 2);
  BatchResult batch = executor.Run(Requests(3), {});
  EXPECT_EQ(batch.items[0].state, ItemState::kScored);
  EXPECT_EQ(batch.items[0].score->score, 8);
  EXPECT_TRUE(batch.items[0].repaired);
  EXPECT_EQ(batch.items[0].calls, 2);
  EXPECT_NEAR(batch.items[0].cost_usd, 2 * kCallCost, 1e-12);
  EXPECT_EQ(batch.items[1].state, ItemState::kFailed);
  EXPECT_THAT(batch.items[1].reason, HasSubstr("expected an integer"));
  EXPECT_EQ(batch.items[2].state, ItemState::kScored);
  EXPECT_EQ(server_->RequestCount(), 5);
}

TEST_F(ScoringExecutorTest, AnthropicBatch) {
  ASSERT_NO_FATAL_FAILURE(Start(
      [](const RecordedRequest& request, int index) {
        EXPECT_EQ(request.path, "/v1/messages");
        if (index == 0) {
          return FakeResponse{
              .status = 529,
              .body = R"({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})"};
        }
        return FakeResponse{.body = testing::AnthropicToolReply(testing::GoodScoreJson(9), 700, 80)};
      },
      testing::TestOptions("anthropic", "")));
  ScoringExecutor executor(runtime_.scorer, 2);
  BatchResult batch = executor.Run(Requests(4), {});
  EXPECT_EQ(batch.scored, 4);
  EXPECT_EQ(batch.usage, (Usage{.input_tokens = 4 * 700, .output_tokens = 4 * 80}));
}

TEST_F(ScoringExecutorTest, ApiKeyNeverAppearsInLogs) {
  ASSERT_NO_FATAL_FAILURE(Start([](const RecordedRequest& request, int index) {
    const std::string key = request.headers.at("authorization").substr(7);
    if (index == 0) return GoodReply();
    if (index <= 2) return FakeResponse{.status = 500, .body = "internal error for key " + key};
    return FakeResponse{.status = 401,
                        .body = json{{"error", {{"message", "Incorrect API key provided: " + key}}}}.dump()};
  }));
  const std::string log_path = ::testing::TempDir() + "/llm_key_log_test.log";
  log::InitToFile(log_path, log::Format::kJson, log::Level::kDebug);
  ScoringExecutor executor(runtime_.scorer, 1);
  BatchResult batch = executor.Run(Requests(3), {});
  log::Init(log::Format::kText, log::Level::kWarn);

  EXPECT_EQ(batch.scored, 1);
  EXPECT_EQ(batch.failed, 2);
  std::ifstream file(log_path);
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_THAT(content.str(), HasSubstr("llm_score_failed"));  // the failures were logged
  EXPECT_THAT(content.str(), HasSubstr("[redacted]"));
  EXPECT_THAT(content.str(), Not(HasSubstr(testing::kTestApiKey)));
  for (const ItemResult& item : batch.items) {
    EXPECT_THAT(item.reason, Not(HasSubstr(testing::kTestApiKey)));
  }
}

TEST(ItemStateTest, Names) {
  EXPECT_STREQ(ItemStateName(ItemState::kScored), "scored");
  EXPECT_STREQ(ItemStateName(ItemState::kBudgetExhausted), "budget_exhausted");
  EXPECT_STREQ(ItemStateName(ItemState::kCancelled), "cancelled");
  EXPECT_STREQ(ItemStateName(ItemState::kFailed), "failed");
}

}  // namespace
}  // namespace jobrec::llm
