#include "jobrec/embed/testing/demo_corpus.h"

#include <zlib.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace jobrec::embed::testing {
namespace {

int64_t ParseUtcTimestamp(const std::string& text) {
  std::tm tm{};
  if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return 0;
  return timegm(&tm);
}

std::string StringOr(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

DemoPosting FromJson(const nlohmann::json& j) {
  DemoPosting p;
  p.external_id = StringOr(j, "external_id");
  p.title = StringOr(j, "title");
  p.description = StringOr(j, "description");
  p.remote = StringOr(j, "remote");
  if (auto loc = j.find("location"); loc != j.end() && loc->is_object()) {
    p.country = StringOr(*loc, "country");
    p.city = StringOr(*loc, "city");
  }
  if (auto salary = j.find("salary"); salary != j.end() && salary->is_object()) {
    if (auto max = salary->find("max"); max != salary->end() && max->is_number()) {
      p.salary_max = max->get<double>();
    }
  }
  p.posted_at_unix = ParseUtcTimestamp(StringOr(j, "posted_at"));
  if (auto labels = j.find("labels"); labels != j.end() && labels->is_object()) {
    p.onet_soc = StringOr(*labels, "onet_soc");
  }
  return p;
}

}  // namespace

std::string DemoCorpusPath() {
  const char* root = std::getenv("JOBREC_TEST_SOURCE_DIR");
  return absl::StrCat(root != nullptr ? root : JOBREC_DEFAULT_SOURCE_DIR,
                      "/data/demo/postings.jsonl.gz");
}

absl::StatusOr<std::vector<DemoPosting>> ReadDemoCorpus(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat("demo corpus ", path, " is missing"));
  }
  std::unique_ptr<gzFile_s, int (*)(gzFile)> gz(gzopen(path.c_str(), "rb"), gzclose);
  if (gz == nullptr) return absl::DataLossError(absl::StrCat("cannot open ", path));
  std::vector<DemoPosting> postings;
  std::string pending;
  char buffer[1 << 16];
  int64_t line_number = 0;
  const auto parse_line = [&](const std::string& line) -> absl::Status {
    ++line_number;
    if (line.empty()) return absl::OkStatus();
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
      return absl::DataLossError(absl::StrCat(path, ":", line_number, ": not a JSON object"));
    }
    postings.push_back(FromJson(json));
    return absl::OkStatus();
  };
  while (true) {
    const int n = gzread(gz.get(), buffer, sizeof(buffer));
    if (n < 0) return absl::DataLossError(absl::StrCat(path, ": gzip error"));
    if (n == 0) break;
    pending.append(buffer, n);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      JOBREC_RETURN_IF_ERROR(parse_line(pending.substr(start, nl - start)));
    }
    pending.erase(0, start);
  }
  JOBREC_RETURN_IF_ERROR(parse_line(pending));
  return postings;
}

}  // namespace jobrec::embed::testing
