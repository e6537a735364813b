// Throughput of the fast sentence embedder against fastText's own getSentenceVector on the
// demo corpus (every title and description, preprocessed), and the latency of one
// recommendation (embed the profile text, top-20 from the index) over the demo postings.
//
//   embedder_bench [--model model.bin] [--out DIR]
//
// Without --model it trains one like the parity test does (dim 100, epoch 1, 2 threads, every
// fourth posting) and saves it in DIR, together with the texts, so bench/run_embed_bench.sh
// can run the Python baseline (bench/baseline_python_embed.py) on the same model and texts.
// Rates are words per CPU-second of the measuring thread ("per core"), so they stay
// comparable when other processes compete for the cores; wall-clock figures are printed too.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/embed/testing/demo_corpus.h"
#include "jobrec/embed/text_preprocess.h"
#include "jobrec/embed/training_corpus.h"
#include "jobrec/index/vector_index.h"

namespace jobrec::bench {
namespace {

struct Flags {
  std::string corpus = embed::testing::DemoCorpusPath();
  std::string model;
  std::string out = "/tmp/jobrec-embed-bench";
  size_t queries = 500;
  int train_every = 4;
};

[[noreturn]] void Die(const absl::Status& status) {
  std::fprintf(stderr, "embedder_bench: %s\n", status.ToString().c_str());
  std::exit(1);
}

size_t CountWords(const std::vector<std::string>& lines) {
  size_t words = 0;
  for (const auto& line : lines) words += embed::SplitTokens(line).size();
  return words;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& line : lines) out << line << '\n';
}

struct Rate {
  double cpu_seconds;
  double wall_seconds;
};

template <typename Fn>
Rate TimeOnThisThread(Fn fn) {
  const double cpu = ThreadCpuSeconds();
  Stopwatch wall;
  fn();
  return {ThreadCpuSeconds() - cpu, wall.Seconds()};
}

std::shared_ptr<const embed::FastTextModel> TrainOrLoad(
    const Flags& flags, const std::vector<embed::testing::DemoPosting>& postings) {
  if (!flags.model.empty()) {
    auto loaded = embed::FastTextModel::Load(flags.model);
    if (!loaded.ok()) Die(loaded.status());
    std::filesystem::copy_file(flags.model, flags.out + "/model.bin",
                               std::filesystem::copy_options::overwrite_existing);
    return std::move(*loaded);
  }
  auto writer = embed::TrainingCorpusWriter::Create(flags.out + "/train.txt");
  if (!writer.ok()) Die(writer.status());
  for (size_t i = 0; i < postings.size(); i += flags.train_every) {
    (*writer)->Add(postings[i].title);
    (*writer)->Add(postings[i].description);
  }
  if (absl::Status st = (*writer)->Finish(); !st.ok()) Die(st);
  embed::TrainOptions options;
  options.dim = 100;
  options.epoch = 1;
  options.threads = 2;
  options.bucket = 500000;
  Stopwatch watch;
  auto trained = embed::FastTextModel::Train(flags.out + "/train.txt", options);
  if (!trained.ok()) Die(trained.status());
  std::printf("trained model: %lld tokens, vocabulary %d, %.1f s wall\n",
              static_cast<long long>((*trained)->TrainingTokens()), (*trained)->VocabularySize(),
              watch.Seconds());
  if (absl::Status st = (*trained)->Save(flags.out + "/model.bin"); !st.ok()) Die(st);
  return std::move(*trained);
}

int Run(const Flags& flags) {
  std::printf("embedder_bench: %s\n", MachineLoad().c_str());
  std::filesystem::create_directories(flags.out);
  auto postings = embed::testing::ReadDemoCorpus(flags.corpus);
  if (!postings.ok()) Die(postings.status());

  // Texts: every title and description. Postings: title + description, as the service
  // embeds them. Queries: titles of every n-th posting, standing in for profile texts.
  std::vector<std::string> raw_texts, posting_texts, query_texts;
  for (const auto& p : *postings) {
    raw_texts.push_back(p.title);
    raw_texts.push_back(p.description);
    posting_texts.push_back(p.title + "\n" + p.description);
  }
  const size_t stride = std::max<size_t>(1, postings->size() / flags.queries);
  for (size_t i = 0; i < postings->size() && query_texts.size() < flags.queries; i += stride) {
    query_texts.push_back((*postings)[i].title + " " + (*postings)[i].description.substr(0, 200));
  }

  std::vector<std::string> lines;
  const Rate preprocess = TimeOnThisThread([&] {
    for (const auto& t : raw_texts) lines.push_back(embed::PreprocessText(t));
  });
  const size_t words = CountWords(lines);
  std::vector<std::string> posting_lines, query_lines;
  for (const auto& t : posting_texts) posting_lines.push_back(embed::PreprocessText(t));
  for (const auto& t : query_texts) query_lines.push_back(embed::PreprocessText(t));
  WriteLines(flags.out + "/texts.txt", lines);
  WriteLines(flags.out + "/postings.txt", posting_lines);
  WriteLines(flags.out + "/queries.txt", query_lines);

  std::shared_ptr<const embed::FastTextModel> model = TrainOrLoad(flags, *postings);
  Stopwatch create_watch;
  auto created = embed::SentenceEmbedder::Create(model);
  if (!created.ok()) Die(created.status());
  const embed::SentenceEmbedder& embedder = **created;
  const double create_seconds = create_watch.Seconds();
  const int dim = embedder.Dimension();

  std::printf("%zu texts, %zu words; vocabulary %d; embedder set-up %.2f s\n", lines.size(), words,
              model->VocabularySize(), create_seconds);

  volatile float sink = 0;
  const Rate fasttext = TimeOnThisThread([&] {
    for (const auto& line : lines) sink = sink + model->SentenceVector(line)[0];
  });
  std::vector<float> out(dim);
  const Rate cold = TimeOnThisThread([&] {
    for (const auto& line : lines) {
      embedder.EmbedLine(line, out, embed::OutputNorm::kAsFastText);
      sink = sink + out[0];
    }
  });
  const Rate warm = TimeOnThisThread([&] {
    for (const auto& line : lines) {
      embedder.EmbedLine(line, out, embed::OutputNorm::kAsFastText);
      sink = sink + out[0];
    }
  });
  const Rate with_preprocessing = TimeOnThisThread([&] {
    for (const auto& t : raw_texts) sink = sink + embedder.Embed(t)[0];
  });
  Stopwatch batch_watch;
  const std::vector<float> batch =
      embedder.EmbedBatch(raw_texts, embed::OutputNorm::kUnitLength, 2);
  const double batch_wall = batch_watch.Seconds();

  const auto per_core = [&](const Rate& r) { return words / r.cpu_seconds; };
  std::printf("\n%-44s %14s %14s %10s\n", "words per second", "per core (CPU)", "wall",
              "vs fastText");
  const auto row = [&](const char* name, const Rate& r) {
    std::printf("%-44s %14.0f %14.0f %9.1fx\n", name, per_core(r), words / r.wall_seconds,
                per_core(r) / per_core(fasttext));
  };
  row("fastText getSentenceVector (baseline)", fasttext);
  row("ours, first pass (OOV cache cold)", cold);
  row("ours, second pass (OOV cache warm)", warm);
  row("ours incl. PreprocessText on raw text", with_preprocessing);
  row("PreprocessText alone", preprocess);
  std::printf("%-44s %14s %14.0f\n", "ours, EmbedBatch 2 threads incl. preprocessing", "-",
              words / batch_wall);
  const auto stats = embedder.OovCacheStats();
  std::printf("OOV cache: %llu misses, %llu hits, %zu entries\n",
              static_cast<unsigned long long>(stats.misses),
              static_cast<unsigned long long>(stats.hits), stats.size);

  // One recommendation: embed the profile text, top 20 from the index of all postings.
  Stopwatch postings_watch;
  const std::vector<float> posting_vectors =
      embedder.EmbedBatch(posting_texts, embed::OutputNorm::kUnitLength, 1);
  const double embed_postings_seconds = postings_watch.Seconds();
  std::vector<index::IndexRow> rows;
  for (size_t i = 0; i < posting_texts.size(); ++i) {
    std::vector<float> v(posting_vectors.begin() + i * dim,
                         posting_vectors.begin() + (i + 1) * dim);
    if (std::all_of(v.begin(), v.end(), [](float x) { return x == 0; })) continue;
    rows.push_back({static_cast<int64_t>(i + 1), std::move(v), {}});
  }
  auto index = index::VectorIndex::Build(rows, "bench", dim, index::IndexOptions());
  if (!index.ok()) Die(index.status());
  std::vector<double> latencies;
  double recall = 0;
  for (const auto& q : query_texts) {
    Stopwatch watch;
    const std::vector<float> profile = embedder.Embed(q);
    auto result = (*index)->Search(profile, 20, {});
    latencies.push_back(watch.Seconds() * 1e3);
    if (!result.ok() || result->hits.size() != 20) Die(absl::InternalError("bad search"));
    // Recall of the graph on real fastText vectors, against the exact top 20.
    auto exact = (*index)->ExactSearch(profile, 20, {});
    size_t found = 0;
    for (const auto& e : exact->hits) {
      found +=
          std::count_if(result->hits.begin(), result->hits.end(),
                        [&](const index::SearchHit& h) { return h.posting_id == e.posting_id; });
    }
    recall += static_cast<double>(found) / exact->hits.size();
  }
  const double p50 = Percentile(latencies, 50), p99 = Percentile(latencies, 99);
  std::printf(
      "\nrecommendation over %zu postings (embed profile + top-20 from the index), "
      "%zu queries: p50 %.3f ms, p99 %.3f ms, recall@20 %.4f; embedding all postings "
      "took %.2f s (1 thread)\n",
      rows.size(), query_texts.size(), p50, p99, recall / query_texts.size(),
      embed_postings_seconds);

  nlohmann::json results = {
      {"words", words},
      {"fasttext_words_per_cpu_second", per_core(fasttext)},
      {"ours_cold_words_per_cpu_second", per_core(cold)},
      {"ours_warm_words_per_cpu_second", per_core(warm)},
      {"ours_with_preprocessing_words_per_cpu_second", per_core(with_preprocessing)},
      {"recommend_p50_ms", p50},
      {"recommend_p99_ms", p99},
      {"embed_postings_seconds", embed_postings_seconds},
  };
  std::ofstream(flags.out + "/cpp_results.json") << results.dump(2) << "\n";
  std::printf("\nembedder_bench done: %s\n", MachineLoad().c_str());
  return sink == 12345.0f ? 2 : 0;
}

}  // namespace
}  // namespace jobrec::bench

int main(int argc, char** argv) {
  jobrec::bench::Flags flags;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped to a file
  CLI::App app{"fast sentence embedder vs fastText getSentenceVector"};
  app.add_option("--corpus", flags.corpus, "demo corpus (gzip JSON lines)");
  app.add_option("--model", flags.model, "existing fastText .bin (default: train one)");
  app.add_option("--out", flags.out, "directory for the model, texts and results");
  app.add_option("--queries", flags.queries, "recommendation queries");
  CLI11_PARSE(app, argc, argv);
  jobrec::log::Init(jobrec::log::Format::kText, jobrec::log::Level::kWarn);
  return jobrec::bench::Run(flags);
}
