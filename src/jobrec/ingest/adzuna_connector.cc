#include "jobrec/ingest/adzuna_connector.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize.h"
#include "jobrec/ingest/page_builder.h"

namespace jobrec::ingest {
namespace {

constexpr char kProvider[] = "adzuna";

// Adzuna's markets and the currency their salaries are quoted in.
const std::map<std::string, std::string>& MarketCurrencies() {
  static const auto* markets = new std::map<std::string, std::string>{
      {"at", "EUR"}, {"au", "AUD"}, {"be", "EUR"}, {"br", "BRL"}, {"ca", "CAD"},
      {"ch", "CHF"}, {"de", "EUR"}, {"es", "EUR"}, {"fr", "EUR"}, {"gb", "GBP"},
      {"in", "INR"}, {"it", "EUR"}, {"mx", "MXN"}, {"nl", "EUR"}, {"nz", "NZD"},
      {"pl", "PLN"}, {"sg", "SGD"}, {"us", "USD"}, {"za", "ZAR"}};
  return *markets;
}

// Adzuna reports bad credentials as {"exception": "AUTH_FAIL"}, with HTTP 401 or 400.
std::optional<absl::StatusCode> ClassifyError(int http_status, const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (StringAt(parsed, {"exception"}) == "AUTH_FAIL") return absl::StatusCode::kUnauthenticated;
  return std::nullopt;
}

Location MapLocation(const nlohmann::json& item, const std::string& market) {
  const std::vector<std::string> area = StringsAt(item, {"location", "area"});
  const std::string region = area.size() >= 2 ? area[1] : "";
  const std::string city = area.size() >= 3 ? area.back() : "";
  std::string text = StringAt(item, {"location", "display_name"});
  if (area.empty() && !text.empty()) {
    Location parsed = ParseLocation(text);
    if (parsed.country.empty()) parsed.country = absl::AsciiStrToUpper(market);
    return parsed;
  }
  // Every ad of a market is in that market's country; area[0] ("UK") only repeats it.
  return MakeLocation(city, region, absl::AsciiStrToUpper(market), text);
}

std::string MapEmploymentType(const nlohmann::json& item) {
  const std::string contract_type = StringAt(item, {"contract_type"});
  const std::string contract_time = StringAt(item, {"contract_time"});
  // "contract" says more than full_time/part_time; "permanent" says less.
  for (const std::string& value : contract_type == "contract"
                                      ? std::vector{contract_type, contract_time}
                                      : std::vector{contract_time, contract_type}) {
    if (auto type = NormalizeEmploymentType(value); type.ok()) return *type;
  }
  return "";
}

void MapSalary(const nlohmann::json& item, const std::string& currency, Posting& posting) {
  const auto min = NumberAt(item, {"salary_min"});
  const auto max = NumberAt(item, {"salary_max"});
  if (!min && !max) return;
  auto salary = MakeSalary(min, max, currency, "year");
  if (!salary.ok()) return;  // implausible numbers: the raw item still has them
  if (FlagAt(item, {"salary_is_predicted"}).value_or(false)) {
    posting.labels["salary_estimate"] = {{"min", salary->min.value_or(0)},
                                         {"max", salary->max.value_or(0)},
                                         {"currency", salary->currency},
                                         {"period", salary->period}};
    return;
  }
  posting.salary = *salary;
}

nlohmann::json MapLabels(const nlohmann::json& item) {
  nlohmann::json labels = nlohmann::json::object();
  auto put = [&labels](const char* label, const std::string& value) {
    if (!value.empty()) labels[label] = value;
  };
  put("category", StringAt(item, {"category", "label"}));
  put("category_tag", StringAt(item, {"category", "tag"}));
  put("contract_type", StringAt(item, {"contract_type"}));
  put("contract_time", StringAt(item, {"contract_time"}));
  const auto latitude = NumberAt(item, {"latitude"});
  const auto longitude = NumberAt(item, {"longitude"});
  if (latitude && longitude) labels["geo"] = {{"lat", *latitude}, {"lon", *longitude}};
  return labels;
}

absl::StatusOr<Posting> MapItem(const nlohmann::json& item, const std::string& market,
                                const std::string& currency) {
  JOBREC_RETURN_IF_ERROR(RequireObject(item));
  Posting posting{.provider = kProvider};
  posting.external_id = IdAt(item, {"id"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.external_id, "id"));
  posting.title = HtmlToText(StringAt(item, {"title"}));
  JOBREC_RETURN_IF_ERROR(RequireField(posting.title, "title"));
  posting.url = StringAt(item, {"redirect_url"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.url, "redirect_url"));
  posting.company = StringAt(item, {"company", "display_name"});
  posting.location = MapLocation(item, market);
  posting.remote = FirstKnownRemoteMode(
      {DetectRemoteMode(posting.location.text), DetectRemoteMode(posting.title)});
  posting.employment_type = MapEmploymentType(item);
  posting.description = DescriptionToText(StringAt(item, {"description"}));
  posting.posted_at = TimeAt(item, {"created"});
  posting.labels = MapLabels(item);
  MapSalary(item, currency, posting);
  posting.raw_json = RawJson(item);
  return posting;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AdzunaConnector>> AdzunaConnector::Create(
    AdzunaOptions options, std::shared_ptr<common::HttpClient> http) {
  options.country = absl::AsciiStrToLower(options.country);
  if (!MarketCurrencies().contains(options.country)) {
    return common::InvalidField(
        "country", absl::StrCat("country is not an Adzuna market: '", options.country, "'"));
  }
  if (options.app_id.empty()) return common::InvalidField("app_id", "app_id must not be empty");
  if (options.app_key.empty()) return common::InvalidField("app_key", "app_key must not be empty");
  if (options.results_per_page < 1 || options.results_per_page > 50) {
    return common::InvalidField("results_per_page", "results_per_page must be between 1 and 50");
  }
  if (options.max_pages < 1)
    return common::InvalidField("max_pages", "max_pages must be at least 1");
  if (options.max_days_old && *options.max_days_old < 1) {
    return common::InvalidField("max_days_old", "max_days_old must be at least 1");
  }
  return std::unique_ptr<AdzunaConnector>(new AdzunaConnector(std::move(options), std::move(http)));
}

AdzunaConnector::AdzunaConnector(AdzunaOptions options, std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)),
      currency_(MarketCurrencies().at(options_.country)),
      client_(kProvider, std::move(http), options_.http, {options_.app_id, options_.app_key},
              ClassifyError) {}

std::string AdzunaConnector::PageUrl(int64_t page, const SyncCursor& cursor) const {
  std::optional<int> max_days_old = options_.max_days_old;
  if (auto days = cursor.DaysBack()) {
    max_days_old = max_days_old ? std::min(*max_days_old, *days) : *days;
  }
  return absl::StrCat(
      options_.http.base_url, "/v1/api/jobs/", options_.country, "/search/", page, "?",
      QueryString({{"app_id", options_.app_id},
                   {"app_key", options_.app_key},
                   {"results_per_page", std::to_string(options_.results_per_page)},
                   {"what", options_.what},
                   {"what_or", options_.what_or},
                   {"what_exclude", options_.what_exclude},
                   {"where", options_.where},
                   {"max_days_old", max_days_old ? std::to_string(*max_days_old) : ""},
                   {"sort_by", "date"},
                   {"content-type", "application/json"}}));
}

absl::StatusOr<Page> AdzunaConnector::FetchPage(const nlohmann::json& saved) {
  JOBREC_ASSIGN_OR_RETURN(SyncCursor parsed, SyncCursor::Parse(saved));
  const SyncCursor cursor = parsed.Resume(1, options_.now());
  const int64_t page_number = std::max<int64_t>(*cursor.next, 1);
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json answer, client_.GetJson(PageUrl(page_number, cursor)));
  const nlohmann::json* results = ArrayAt(answer, {"results"});
  if (results == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(kProvider, ": page ", page_number, " has no \"results\" array"));
  }
  PageBuilder builder(kProvider, page_number);
  for (size_t i = 0; i < results->size(); ++i) {
    builder.Add(i, MapItem((*results)[i], options_.country, currency_));
  }
  const auto count = NumberAt(answer, {"count"});
  const bool last = static_cast<int>(results->size()) < options_.results_per_page ||
                    (count && page_number * options_.results_per_page >= *count) ||
                    page_number >= options_.max_pages;
  return builder.Finish(cursor.After(last, page_number + 1), last);
}

}  // namespace jobrec::ingest
