#include "jobrec/ingest/posting_json.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/ingest/html_text.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_employment.h"
#include "jobrec/ingest/normalize_location.h"
#include "jobrec/ingest/normalize_posting.h"
#include "jobrec/ingest/normalize_remote.h"
#include "jobrec/ingest/normalize_salary.h"

namespace jobrec::ingest {
namespace {

using Json = nlohmann::json;

// The first of `keys` present (and not null) in `item`, with its key; nullptr when none is.
std::pair<const Json*, const char*> First(const Json& item,
                                          std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = item.find(key);
    if (it != item.end() && !it->is_null()) return {&*it, key};
  }
  return {nullptr, ""};
}

// A string, or a number written in decimal (ids); "" for anything else.
std::string Text(const Json* value) {
  if (value == nullptr) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return std::to_string(value->get<int64_t>());
  if (value->is_number_unsigned()) return std::to_string(value->get<uint64_t>());
  return "";
}

absl::Status WrongType(const char* key, const char* want) {
  return common::InvalidField(key, absl::StrCat("is not ", want));
}

// A string field that must be a string (or a number for ids) when present.
absl::StatusOr<std::string> StringField(const Json& item, std::initializer_list<const char*> keys,
                                        bool allow_number = false) {
  auto [value, key] = First(item, keys);
  if (value == nullptr) return std::string();
  if (value->is_string() || (allow_number && value->is_number_integer())) return Text(value);
  return WrongType(key, allow_number ? "a string or an integer" : "a string");
}

absl::StatusOr<std::string> CompanyOf(const Json& item) {
  auto [value, key] = First(item, {"company", "company_name", "companyName", "hiringOrganization",
                                   "organization"});
  if (value == nullptr) return std::string();
  if (value->is_string()) return value->get<std::string>();
  if (value->is_object()) {
    const std::string display = StringAt(*value, {"display_name"});
    return display.empty() ? StringAt(*value, {"name"}) : display;
  }
  return WrongType(key, "a string or an object");
}

absl::StatusOr<Location> LocationOf(const Json& item) {
  auto [value, key] = First(item, {"location", "candidate_required_location", "job_location"});
  if (value == nullptr) {
    if (item.contains("city") || item.contains("country")) {
      return MakeLocation(StringAt(item, {"city"}), StringAt(item, {"region"}),
                          StringAt(item, {"country"}));
    }
    return Location{};
  }
  if (value->is_string()) return ParseLocation(value->get<std::string>());
  if (!value->is_object()) return WrongType(key, "a string or an object");
  const Json& loc = *value;
  if (loc.contains("city") || loc.contains("country") || loc.contains("region")) {
    // Our schema: trust the parts, but normalise the country to ISO-2. The text is kept as
    // given, even empty, so that what we write reads back unchanged.
    Location out = MakeLocation(StringAt(loc, {"city"}), StringAt(loc, {"region"}),
                                StringAt(loc, {"country"}));
    out.text = StringAt(loc, {"text"});
    return out;
  }
  // Adzuna {display_name, area: [country, region, …, city]}; Greenhouse {name}; {text}.
  const std::string text =
      StringAt(loc, {"display_name"}) + StringAt(loc, {"name"}) + StringAt(loc, {"text"});
  Location out = ParseLocation(text);
  if (const Json* area = ArrayAt(loc, {"area"}); area != nullptr && !area->empty()) {
    std::vector<std::string> parts;
    for (const Json& a : *area) {
      if (a.is_string()) parts.push_back(a.get<std::string>());
    }
    // The parts normalised as our own schema reads them back (a region code expanded, its
    // country inferred), so that what we write reads back unchanged.
    const Location given = MakeLocation(parts.size() >= 3 ? parts.back() : "",
                                        parts.size() >= 2 ? parts[1] : "",
                                        !out.country.empty() ? out.country
                                        : parts.empty()      ? ""
                                                             : parts[0]);
    if (out.country.empty()) out.country = given.country;
    if (out.region.empty()) out.region = given.region;
    if (out.city.empty()) out.city = given.city;
    if (out.text.empty()) {
      std::reverse(parts.begin(), parts.end());
      out.text = absl::StrJoin(parts, ", ");
    }
  }
  return out;
}

absl::StatusOr<RemoteMode> RemoteOf(const Json& item, const Location& location) {
  auto [value, key] = First(item, {"remote", "workplaceType", "workplace_type", "remote_type"});
  if (value != nullptr) {
    if (value->is_boolean()) {
      return value->get<bool>() ? RemoteMode::kRemote : RemoteMode::kUnknown;
    }
    if (!value->is_string()) return WrongType(key, "a string or a boolean");
    const std::string text = value->get<std::string>();
    if (auto ours = ParseRemoteMode(text)) return *ours;
    return DetectRemoteMode(text);
  }
  return DetectRemoteMode(location.text);
}

std::optional<double> Bound(const Json& salary, const char* key, absl::Status* error) {
  auto it = salary.find(key);
  if (it == salary.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    if (auto n = NumberAt(salary, {key})) return n;
  }
  *error = common::InvalidField(absl::StrCat("salary.", key), "is not a number");
  return std::nullopt;
}

absl::StatusOr<std::optional<Salary>> SalaryOf(const Json& item) {
  auto [value, key] = First(item, {"salary", "baseSalary"});
  if (value != nullptr && value->is_string()) {
    // Free text: best effort.
    auto parsed = ParseSalaryText(value->get<std::string>());
    return parsed.ok() ? std::optional<Salary>(*parsed) : std::nullopt;
  }
  if (value != nullptr && !value->is_object()) return WrongType(key, "an object, text or null");
  absl::Status error;
  std::optional<double> min, max;
  std::string currency, period;
  if (value != nullptr) {
    min = Bound(*value, "min", &error);
    max = Bound(*value, "max", &error);
    currency = StringAt(*value, {"currency"});
    period = StringAt(*value, {"period"});
  } else {
    // Adzuna-style flat keys.
    min = Bound(item, "salary_min", &error);
    max = Bound(item, "salary_max", &error);
    currency = StringAt(item, {"salary_currency"});
    period = StringAt(item, {"salary_period"});
  }
  JOBREC_RETURN_IF_ERROR(error);
  if (!min && !max) return std::optional<Salary>();
  absl::StatusOr<Salary> salary = MakeSalary(min, max, currency, period);
  if (!salary.ok()) return common::InvalidField("salary", std::string(salary.status().message()));
  return std::optional<Salary>(*std::move(salary));
}

absl::StatusOr<std::string> EmploymentTypeOf(const Json& item) {
  auto [value, key] = First(item, {"employment_type", "employmentType", "job_type",
                                   "contract_time", "commitment"});
  if (value == nullptr) return std::string();
  std::vector<std::string> values;
  if (value->is_string()) {
    values.push_back(value->get<std::string>());
  } else if (value->is_array()) {
    for (const Json& v : *value) {
      if (v.is_string()) values.push_back(v.get<std::string>());
    }
  } else {
    return WrongType(key, "a string or an array");
  }
  // Unknown values ("OTHER") leave the type unknown rather than rejecting the posting.
  return NormalizeEmploymentType(values).value_or("");
}

absl::StatusOr<std::optional<TimePoint>> DateOf(const Json& item,
                                                std::initializer_list<const char*> keys) {
  auto [value, key] = First(item, keys);
  if (value == nullptr) return std::optional<TimePoint>();
  if (value->is_string() && value->get<std::string>().empty()) return std::optional<TimePoint>();
  absl::StatusOr<TimePoint> t = ParseTimestampJson(*value);
  if (!t.ok()) return common::InvalidField(key, std::string(t.status().message()));
  return std::optional<TimePoint>(*t);
}

// In our schema (items with "external_id") the description is plain text, kept as it is, so
// that what PostingToJson writes reads back unchanged even when the text shows markup
// ("use <p> tags"). Provider-ish items often carry HTML or entities: those are converted.
absl::StatusOr<std::string> DescriptionOf(const Json& item) {
  JOBREC_ASSIGN_OR_RETURN(std::string text,
                          StringField(item, {"description", "content", "descriptionPlain",
                                             "description_text", "description_html"}));
  if (!item.contains("external_id") && LooksLikeHtml(text)) return DescriptionToText(text);
  return text;
}

}  // namespace

bool JsonNestingExceeds(const Json& value, int max_depth) {
  std::vector<std::pair<const Json*, int>> stack{{&value, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node->is_structured()) continue;
    if (depth > max_depth) return true;
    for (const Json& child : *node) {
      if (child.is_structured()) stack.push_back({&child, depth + 1});
    }
  }
  return false;
}

Json PostingToJson(const Posting& p) {
  Json j = Json::object();
  j["provider"] = p.provider;
  j["external_id"] = p.external_id;
  j["url"] = p.url;
  j["title"] = p.title;
  j["company"] = p.company;
  j["location"] = {{"text", p.location.text},
                   {"city", p.location.city},
                   {"region", p.location.region},
                   {"country", p.location.country}};
  j["remote"] = RemoteModeName(p.remote);
  if (p.salary) {
    Json s = {{"currency", p.salary->currency}, {"period", p.salary->period}};
    s["min"] = p.salary->min ? Json(*p.salary->min) : Json(nullptr);
    s["max"] = p.salary->max ? Json(*p.salary->max) : Json(nullptr);
    j["salary"] = std::move(s);
  } else {
    j["salary"] = nullptr;
  }
  j["employment_type"] = p.employment_type;
  j["description"] = p.description;
  if (p.posted_at) j["posted_at"] = FormatTimestamp(*p.posted_at);
  if (p.expires_at) j["expires_at"] = FormatTimestamp(*p.expires_at);
  j["labels"] = p.labels;
  return j;
}

namespace {

// PostingFromJson without raw_json.
absl::StatusOr<Posting> MapItem(const Json& item, const std::string& default_provider) {
  if (!item.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat("item is a JSON ", item.type_name(),
                                                   ", not an object"));
  }
  if (JsonNestingExceeds(item, kMaxJsonDepth)) {
    return absl::InvalidArgumentError(
        absl::StrCat("item nests deeper than ", kMaxJsonDepth, " levels"));
  }
  Posting p;
  JOBREC_ASSIGN_OR_RETURN(p.provider, StringField(item, {"provider"}));
  if (p.provider.empty()) p.provider = default_provider;
  JOBREC_ASSIGN_OR_RETURN(p.external_id, StringField(item, {"external_id", "id", "job_id", "jobId",
                                                             "slug", "uuid"},
                                                     /*allow_number=*/true));
  JOBREC_ASSIGN_OR_RETURN(p.url, StringField(item, {"url", "redirect_url", "absolute_url",
                                                    "hostedUrl", "applyUrl", "job_url"}));
  JOBREC_ASSIGN_OR_RETURN(p.title, StringField(item, {"title", "job_title", "name", "position",
                                                      "text"}));
  JOBREC_ASSIGN_OR_RETURN(p.company, CompanyOf(item));
  JOBREC_ASSIGN_OR_RETURN(p.location, LocationOf(item));
  JOBREC_ASSIGN_OR_RETURN(p.remote, RemoteOf(item, p.location));
  JOBREC_ASSIGN_OR_RETURN(p.salary, SalaryOf(item));
  JOBREC_ASSIGN_OR_RETURN(p.employment_type, EmploymentTypeOf(item));
  JOBREC_ASSIGN_OR_RETURN(p.description, DescriptionOf(item));
  JOBREC_ASSIGN_OR_RETURN(p.posted_at, DateOf(item, {"posted_at", "date_posted", "datePosted",
                                                     "created", "created_at", "createdAt",
                                                     "publication_date"}));
  JOBREC_ASSIGN_OR_RETURN(p.expires_at,
                          DateOf(item, {"expires_at", "valid_through", "validThrough"}));
  if (auto labels = item.find("labels"); labels != item.end() && !labels->is_null()) {
    if (!labels->is_object()) return WrongType("labels", "an object");
    p.labels = *labels;
  }
  // The demo corpus names its invented fields so; readers of the API can flag them.
  if (auto synthetic = item.find("synthetic");
      synthetic != item.end() && synthetic->is_array() && !p.labels.contains("synthetic")) {
    p.labels["synthetic"] = *synthetic;
  }
  JOBREC_RETURN_IF_ERROR(FinalizePosting(p));
  return p;
}

}  // namespace

absl::StatusOr<Posting> PostingFromJson(const Json& item, const std::string& default_provider) {
  JOBREC_ASSIGN_OR_RETURN(Posting p, MapItem(item, default_provider));
  p.raw_json = RawJson(item);
  return p;
}

absl::StatusOr<Posting> ParsePostingLine(const std::string& line,
                                         const std::string& default_provider) {
  const Json item = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (item.is_discarded()) return absl::InvalidArgumentError("invalid JSON");
  JOBREC_ASSIGN_OR_RETURN(Posting p, MapItem(item, default_provider));
  // The line is the item's text: kept as read (no second serialisation), less the byte order
  // mark and the white space around it, which the parser skips and PostgreSQL's json refuses
  // (the mark) or keeps (the space).
  std::string_view text = line;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const size_t first = text.find_first_not_of(" \t\r\n");
  const size_t last = text.find_last_not_of(" \t\r\n");
  p.raw_json = std::string(text.substr(first, last - first + 1));
  return p;
}

}  // namespace jobrec::ingest
