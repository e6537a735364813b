#include "jobrec/eval/eval_dataset.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <random>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "jobrec/ingest/csv_source.h"
#include "jobrec/ingest/jsonl_source.h"

namespace jobrec::eval {
namespace {

constexpr size_t kPageSize = 2000;

// Runs every page of a connector through `on_page`; the first rejection is an error, because
// a benchmark silently evaluated on part of its data would mislead.
absl::Status ForEachPage(ingest::Connector& source, const std::string& path,
                         const std::function<void(const ingest::Page&)>& on_page) {
  nlohmann::json cursor;
  while (true) {
    JOBREC_ASSIGN_OR_RETURN(ingest::Page page, source.FetchPage(cursor));
    if (!page.rejected.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", page.rejected[0].where, ": ", page.rejected[0].reason));
    }
    on_page(page);
    if (page.last) return absl::OkStatus();
    cursor = page.next_cursor;
  }
}

// Reads a CSV file record by record with the ingest module's CSV reader; each record's
// columns arrive unmodified in Posting::raw. `key_column` must be non-empty in every record.
absl::Status ForEachCsvRecord(const std::string& path, const std::string& key_column,
                              const std::function<void(const nlohmann::json&)>& on_record) {
  ingest::CsvSourceOptions options;
  options.path = path;
  options.page_size = kPageSize;
  options.mapping.provider = "eval";
  options.mapping.external_id = {key_column};
  options.mapping.title = key_column;
  options.mapping.parse_location = false;
  JOBREC_ASSIGN_OR_RETURN(auto source, ingest::CsvSource::Open(options));
  return ForEachPage(*source, path, [&](const ingest::Page& page) {
    // The CSV source keeps each row as a JSON object of its columns (RawJson: valid JSON).
    for (const auto& posting : page.postings) on_record(nlohmann::json::parse(posting.raw_json));
  });
}

std::string StringAt(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

const char* QuerySplitName(QuerySplit split) {
  switch (split) {
    case QuerySplit::kAll: return "all";
    case QuerySplit::kTune: return "tune";
    case QuerySplit::kReport: return "report";
  }
  return "?";
}

absl::StatusOr<std::vector<EvalPosting>> ReadCorpusPostings(const std::string& path) {
  JOBREC_ASSIGN_OR_RETURN(auto source,
                          ingest::JsonlSource::Open({.path = path, .page_size = kPageSize}));
  std::vector<EvalPosting> postings;
  JOBREC_RETURN_IF_ERROR(ForEachPage(*source, path, [&](const ingest::Page& page) {
    for (const auto& p : page.postings) {
      postings.push_back({.id = static_cast<int64_t>(postings.size()) + 1,
                          .title = p.title,
                          .description = p.description,
                          .onet_soc = StringAt(p.labels, "onet_soc")});
    }
  }));
  return postings;
}

absl::StatusOr<std::vector<EscoOccupation>> ReadEscoOccupations(const std::string& path) {
  std::vector<EscoOccupation> occupations;
  JOBREC_RETURN_IF_ERROR(ForEachCsvRecord(path, "conceptUri", [&](const nlohmann::json& raw) {
    EscoOccupation o{.uri = StringAt(raw, "conceptUri"),
                     .preferred_label = std::string(absl::StripAsciiWhitespace(
                         StringAt(raw, "preferredLabel"))),
                     .description = StringAt(raw, "description")};
    for (absl::string_view label : absl::StrSplit(StringAt(raw, "altLabels"), '\n')) {
      label = absl::StripAsciiWhitespace(label);
      if (!label.empty()) o.alt_labels.emplace_back(label);
    }
    if (!o.preferred_label.empty()) occupations.push_back(std::move(o));
  }));
  return occupations;
}

absl::StatusOr<std::unordered_map<std::string, std::vector<std::string>>> ReadCrosswalk(
    const std::string& path) {
  std::unordered_map<std::string, std::vector<std::string>> codes_by_uri;
  JOBREC_RETURN_IF_ERROR(ForEachCsvRecord(path, "concept_uri", [&](const nlohmann::json& raw) {
    const std::string code = std::string(absl::StripAsciiWhitespace(StringAt(raw, "onet_code")));
    if (code.empty()) return;
    auto& codes = codes_by_uri[StringAt(raw, "concept_uri")];
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }));
  return codes_by_uri;
}

absl::StatusOr<RelatedOccupations> ReadRelatedOccupations(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  RelatedOccupations related;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line_number == 1 || line.empty()) continue;  // header
    // O*NET's text files are tab-separated without quoting.
    std::vector<std::string> fields = absl::StrSplit(absl::StripTrailingAsciiWhitespace(line), '\t');
    if (fields.size() < 3) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": line ", line_number, ": expected at least 3 tab-separated fields"));
    }
    int grade = fields[2] == "Primary-Short" ? 2 : fields[2] == "Primary-Long" ? 1 : 0;
    if (grade > 0) related[fields[0]].emplace_back(fields[1], grade);
  }
  return related;
}

std::unordered_map<std::string, int> GradesFor(const std::vector<std::string>& mapped_codes,
                                               const RelatedOccupations& related) {
  std::unordered_map<std::string, int> grades;
  for (const auto& code : mapped_codes) {
    auto it = related.find(code);
    if (it == related.end()) continue;
    for (const auto& [other, grade] : it->second) grades[other] = std::max(grades[other], grade);
  }
  for (const auto& code : mapped_codes) grades[code] = 3;
  return grades;
}

absl::StatusOr<EvalDataset> LoadEvalDataset(const EvalDataPaths& paths,
                                            const EvalSampleOptions& options) {
  EvalDataset dataset;
  JOBREC_ASSIGN_OR_RETURN(dataset.postings, ReadCorpusPostings(paths.corpus));
  JOBREC_ASSIGN_OR_RETURN(auto occupations, ReadEscoOccupations(paths.esco_occupations));
  JOBREC_ASSIGN_OR_RETURN(auto crosswalk, ReadCrosswalk(paths.crosswalk));
  JOBREC_ASSIGN_OR_RETURN(auto related, ReadRelatedOccupations(paths.related_occupations));

  std::unordered_map<std::string, std::vector<int64_t>> postings_by_onet;
  for (const auto& p : dataset.postings) {
    if (!p.onet_soc.empty()) postings_by_onet[p.onet_soc].push_back(p.id);
  }
  std::vector<EvalQuery> eligible;
  for (const auto& occupation : occupations) {
    auto codes = crosswalk.find(occupation.uri);
    if (codes == crosswalk.end()) continue;
    EvalQuery query{.esco_uri = occupation.uri,
                    .grade_by_onet = GradesFor(codes->second, related)};
    for (const auto& [code, grade] : query.grade_by_onet) {
      auto it = postings_by_onet.find(code);
      if (it == postings_by_onet.end()) continue;
      for (int64_t id : it->second) query.graded_postings.emplace_back(id, grade);
      if (grade == 3) query.exact_count += it->second.size();
    }
    if (query.exact_count == 0) continue;
    std::sort(query.graded_postings.begin(), query.graded_postings.end());
    query.profile.job_titles.push_back(occupation.preferred_label);
    for (size_t i = 0; i < occupation.alt_labels.size() && i < options.alt_titles; ++i) {
      query.profile.job_titles.push_back(occupation.alt_labels[i]);
    }
    query.profile.ideal_job = occupation.description;
    eligible.push_back(std::move(query));
  }
  if (eligible.empty()) {
    return absl::InvalidArgumentError("no ESCO occupation maps to an O*NET code of the corpus");
  }
  dataset.eligible_occupations = eligible.size();
  std::sort(eligible.begin(), eligible.end(),
            [](const EvalQuery& a, const EvalQuery& b) { return a.esco_uri < b.esco_uri; });
  std::mt19937_64 random(options.seed);
  std::shuffle(eligible.begin(), eligible.end(), random);
  if (options.sample > 0 && eligible.size() > options.sample) eligible.resize(options.sample);
  if (options.split == QuerySplit::kAll) {
    dataset.queries = std::move(eligible);
  } else {
    const size_t parity = options.split == QuerySplit::kTune ? 0 : 1;
    for (size_t i = parity; i < eligible.size(); i += 2) {
      dataset.queries.push_back(std::move(eligible[i]));
    }
  }
  return dataset;
}

}  // namespace jobrec::eval
