#include "jobrec/api/recommendation_routes.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "jobrec/api/posting_json.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/profile_repo.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

constexpr char kLlmReason[] = "Set JOBREC_LLM_PROVIDER, JOBREC_LLM_API_KEY and JOBREC_LLM_MODEL";

// "Berlin, DE" -> city + country; "DE" -> country; "Berlin" -> city anywhere.
absl::StatusOr<index::LocationFilter> ParseLocation(const std::string& text) {
  std::string value(absl::StripAsciiWhitespace(text));
  if (value.empty() || value.size() > 200) {
    return common::InvalidField("location", "must be \"City, CC\", \"CC\" or \"City\"");
  }
  const auto comma = value.rfind(',');
  const auto is_country = [](absl::string_view s) {
    return s.size() == 2 && absl::ascii_isalpha(s[0]) && absl::ascii_isalpha(s[1]);
  };
  if (comma == std::string::npos) {
    if (is_country(value)) return index::LocationFilter{.country = absl::AsciiStrToUpper(value)};
    return index::LocationFilter{.city = value};
  }
  const std::string city(absl::StripAsciiWhitespace(value.substr(0, comma)));
  const std::string country(absl::StripAsciiWhitespace(value.substr(comma + 1)));
  if (city.empty() || !is_country(country)) {
    return common::InvalidField("location",
                                "must be \"City, CC\" with a 2-letter country code, \"CC\" or \"City\"");
  }
  return index::LocationFilter{.country = absl::AsciiStrToUpper(country), .city = city};
}

absl::StatusOr<index::SearchFilter> FilterOf(const Request& req, const profile::Profile& profile) {
  index::SearchFilter filter;
  std::string remote = profile.remote;
  if (auto value = req.Query("remote")) {
    if (*value != "onsite" && *value != "hybrid" && *value != "remote" && *value != "any") {
      return common::InvalidField("remote", "must be onsite, hybrid, remote or any");
    }
    remote = *value;
  }
  filter.remote_modes = index::AcceptedModes(rank::RemotePreferenceOf(remote));
  for (const std::string& location : req.QueryAll("location")) {
    JOBREC_ASSIGN_OR_RETURN(auto parsed, ParseLocation(location));
    filter.locations.push_back(std::move(parsed));
  }
  if (auto value = req.Query("min_salary")) {
    double amount = 0;
    if (!absl::SimpleAtod(*value, &amount) || !std::isfinite(amount) || amount < 0) {
      return common::InvalidField("min_salary", "must be an annual amount >= 0");
    }
    filter.min_salary = amount;
  }
  if (req.Query("posted_within_days")) {
    JOBREC_ASSIGN_OR_RETURN(int64_t days, req.QueryInt("posted_within_days", 0, 1, 3650));
    filter.posted_within_days = static_cast<int>(days);
  }
  return filter;
}

absl::StatusOr<Response> Recommend(const RecommendationServices& services, const Request& req) {
  const std::string engine_name = req.Query("engine").value_or("fasttext");
  if (engine_name == "llm" || engine_name == "hybrid") {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", engine_name, " engine is not available yet: use engine=fasttext"));
  }
  if (engine_name != "fasttext") {
    return common::InvalidField("engine", "must be fasttext, llm or hybrid");
  }
  JOBREC_ASSIGN_OR_RETURN(const int64_t limit, req.QueryInt("limit", 20, 1, 100));
  const int64_t user_id = std::stoll(req.user_id());
  store::ProfileRepo profiles(services.db);
  JOBREC_ASSIGN_OR_RETURN(auto stored, profiles.Get(user_id));
  if (!stored) {
    return absl::FailedPreconditionError(
        "no profile yet: fill in your profile (at least one target job title) first");
  }
  JOBREC_ASSIGN_OR_RETURN(profile::Profile profile, profile::ProfileFromJson(stored->data));
  JOBREC_ASSIGN_OR_RETURN(index::SearchFilter filter, FilterOf(req, profile));

  const std::shared_ptr<const rank::FastTextEngine> engine = services.fasttext.Engine();
  if (!engine) {
    return absl::UnavailableError(
        absl::StrCat("engine warming up (", services.fasttext.Status(), "): try again shortly"));
  }
  JOBREC_ASSIGN_OR_RETURN(auto hits,
                          engine->Recommend(profile, filter, static_cast<size_t>(limit)));
  std::vector<int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.posting_id);
  store::PostingReader reader(services.db);
  JOBREC_ASSIGN_OR_RETURN(auto postings, reader.GetVisible(user_id, ids));
  std::unordered_map<int64_t, const store::StoredPosting*> by_id;
  for (const auto& p : postings) by_id[p.id] = &p;

  json items = json::array();
  for (const auto& hit : hits) {
    auto it = by_id.find(hit.posting_id);
    if (it == by_id.end()) continue;  // hidden since the index was built
    const double score = std::clamp(static_cast<double>(hit.score), 0.0, 1.0);
    const rank::Explanation explanation =
        engine->Explain(profile, it->second->title, it->second->description);
    items.push_back({{"job", PostingJson(*it->second)},
                     {"score", std::round(score * 1000) / 1000},
                     {"score_10", std::round(score * 100) / 10},
                     {"scored", true},
                     {"explanation",
                      {{"matched", explanation.matched}, {"missing", explanation.missing}}}});
  }
  return Response::Json({{"engine", "fasttext"}, {"items", std::move(items)}});
}

json Engines(const RecommendationServices& services) {
  json fasttext = {{"name", "fasttext"}, {"available", services.fasttext.Engine() != nullptr}};
  if (!services.fasttext.Engine()) fasttext["reason"] = services.fasttext.Status();
  json llm = {{"name", "llm"}, {"available", false}};
  llm["reason"] = services.llm_configured ? "the llm engine is not built into this version"
                                          : kLlmReason;
  json hybrid = {{"name", "hybrid"},
                 {"available", false},
                 {"reason", "needs the llm engine as well as fasttext"}};
  return {{"engines", {fasttext, llm, hybrid}}};
}

}  // namespace

void AddRecommendationRoutes(Router& router, const RecommendationServices& services) {
  router.Get("/api/v1/recommendations", [services](const Request& req) {
    return Recommend(services, req);
  }, {.auth = AuthMode::kRequired});
  router.Get("/api/v1/engines", [services](const Request&) -> absl::StatusOr<Response> {
    return Response::Json(Engines(services));
  }, {.auth = AuthMode::kRequired});
}

}  // namespace jobrec::api
