// LLM scoring throughput: the ScoringExecutor's bounded concurrency against the earlier
// version's sequential loop (one call, then sleep 2 s), both against a local fake provider on
// 127.0.0.1 that takes a fixed time per call, both measured in the same run. The sequential
// baseline is run on a sample and scaled linearly (a strictly sequential loop takes time
// proportional to the number of postings), and the output says so.
//
//   llm_concurrency_bench                                 100 postings, 1 s per call (~45 s)
//   llm_concurrency_bench --postings 200 --concurrency 16
//   llm_concurrency_bench --sequential-sample 100         run the whole baseline (~300 s)
//
// Exit status 1 when an item was not scored (the measurement would be meaningless).
#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "bench/bench_support.h"
#include "jobrec/common/log.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"

namespace jobrec::bench {
namespace {

using llm::testing::FakeResponse;
using llm::testing::RecordedRequest;

struct Flags {
  int postings = 100;
  int latency_ms = 1000;
  int concurrency = 8;
  int sequential_sample = 10;
  int sequential_sleep_ms = 2000;
  double target_s = 15;
};

int Run(const Flags& flags) {
  const auto latency = std::chrono::milliseconds(flags.latency_ms);
  auto server = llm::testing::FakeLlmServer::Start([latency](const RecordedRequest&, int) {
    return FakeResponse{
        .body = llm::testing::OpenAiReply(llm::testing::GoodScoreJson().dump(), 1500, 120),
        .delay = latency};
  });
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  llm::LlmOptions options = llm::testing::TestOptions("openai", (*server)->BaseUrl());
  options.max_concurrency = flags.concurrency;
  options.timeout = std::chrono::seconds(30);
  // The production wiring: NewLlmRuntime makes its own libcurl client, sized for the batch.
  auto runtime = llm::NewLlmRuntime(options);
  if (!runtime.ok()) {
    std::fprintf(stderr, "%s\n", runtime.status().ToString().c_str());
    return 1;
  }
  auto profile = std::make_shared<const llm::ProfileInput>(llm::testing::SampleProfile());
  std::vector<llm::ScoringRequest> requests;
  for (int i = 0; i < flags.postings; ++i) {
    requests.push_back(
        {.profile = profile,
         .posting = llm::testing::SamplePosting("Data Engineer #" + std::to_string(i))});
  }

  std::printf("llm_concurrency_bench: %d postings, fake provider on 127.0.0.1 answering in %d ms, %s\n",
              flags.postings, flags.latency_ms, MachineLoad().c_str());

  Stopwatch concurrent_watch;
  const llm::BatchResult batch = (*runtime).executor->Run(requests, {});
  const double concurrent_s = concurrent_watch.Seconds();
  std::printf("concurrent  ScoringExecutor, concurrency %d: %.2f s wall (%d scored, %d not)\n",
              flags.concurrency, concurrent_s, batch.scored,
              batch.failed + batch.budget_exhausted + batch.cancelled);

  const int sample = std::clamp(flags.sequential_sample, 1, flags.postings);
  int sequential_scored = 0;
  Stopwatch sequential_watch;
  for (int i = 0; i < sample; ++i) {
    auto prompt = (*runtime).scorer->BuildPrompt(requests[i]);
    if (prompt.ok() && (*runtime).scorer->Score(*prompt, {}, nullptr).result.ok()) ++sequential_scored;
    std::this_thread::sleep_for(std::chrono::milliseconds(flags.sequential_sleep_ms));
  }
  const double sample_s = sequential_watch.Seconds();
  const double scale = static_cast<double>(flags.postings) / sample;
  const double sequential_s = sample_s * scale;
  std::printf("sequential  one call then sleep %d ms: measured %d postings in %.2f s (%d scored)",
              flags.sequential_sleep_ms, sample, sample_s, sequential_scored);
  if (sample < flags.postings) {
    std::printf("; extrapolated x%.1f to %d postings: %.1f s\n", scale, flags.postings, sequential_s);
  } else {
    std::printf("\n");
  }
  std::printf("speed-up    %.1fx (sequential %.1f s / concurrent %.2f s)\n",
              sequential_s / concurrent_s, sequential_s, concurrent_s);
  std::printf("target      concurrent run <= %.0f s: %s\n", flags.target_s,
              concurrent_s <= flags.target_s ? "met" : "MISSED");
  return batch.scored == flags.postings && sequential_scored == sample ? 0 : 1;
}

}  // namespace
}  // namespace jobrec::bench

int main(int argc, char** argv) {
  jobrec::bench::Flags flags;
  CLI::App app{"LLM scoring: bounded concurrency vs the sequential loop, on a local fake provider"};
  app.add_option("--postings", flags.postings, "postings to score")->check(CLI::Range(1, 100000));
  app.add_option("--latency-ms", flags.latency_ms, "fake provider time per call")->check(CLI::Range(0, 60000));
  app.add_option("--concurrency", flags.concurrency, "llm.max_concurrency")->check(CLI::Range(1, 256));
  app.add_option("--sequential-sample", flags.sequential_sample,
                 "postings the sequential baseline really runs (scaled to --postings)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--sequential-sleep-ms", flags.sequential_sleep_ms, "sleep after each sequential call");
  app.add_option("--target-s", flags.target_s, "wall-time target of the concurrent run");
  CLI11_PARSE(app, argc, argv);
  jobrec::log::Init(jobrec::log::Format::kText, jobrec::log::Level::kWarn);
  return jobrec::bench::Run(flags);
}
