#include "jobrec/profile/profile_json.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jobrec::profile {
namespace {

using common::InvalidField;
using nlohmann::json;

// ISO 639-1 two-letter language codes.
constexpr std::string_view kIso639_1 =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv "
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr "
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu";

size_t Utf8Length(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

std::string Lower(std::string s) {
  absl::AsciiStrToLower(&s);
  return s;
}

std::string Describe(const std::vector<std::string>& choices) {
  return absl::StrJoin(choices, ", ");
}

absl::StatusOr<std::string> ReadString(const json& value, const std::string& field,
                                       size_t max_chars, bool allow_empty) {
  if (!value.is_string()) return InvalidField(field, absl::StrCat(field, " must be a string"));
  std::string text(absl::StripAsciiWhitespace(value.get<std::string>()));
  if (!allow_empty && text.empty()) return InvalidField(field, absl::StrCat(field, " must not be empty"));
  if (Utf8Length(text) > max_chars) {
    return InvalidField(field, absl::StrCat(field, " is longer than ", max_chars, " characters"));
  }
  return text;
}

absl::StatusOr<std::vector<std::string>> ReadStringList(const json& value, const std::string& field,
                                                        size_t max_items, size_t max_chars) {
  if (!value.is_array()) return InvalidField(field, absl::StrCat(field, " must be a list of strings"));
  if (value.size() > max_items) {
    return InvalidField(field, absl::StrCat(field, " has more than ", max_items, " entries"));
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < value.size(); ++i) {
    std::string item_field = absl::StrCat(field, "[", i, "]");
    JOBREC_ASSIGN_OR_RETURN(std::string text, ReadString(value[i], item_field, max_chars, false));
    if (!seen.insert(Lower(text)).second) {
      return InvalidField(item_field, absl::StrCat(field, " lists \"", text, "\" twice"));
    }
    out.push_back(std::move(text));
  }
  return out;
}

absl::Status CheckChoice(const std::string& value, const std::vector<std::string>& choices,
                         const std::string& field) {
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    return InvalidField(field, absl::StrCat(field, " must be one of: ", Describe(choices),
                                            " (got \"", value, "\")"));
  }
  return absl::OkStatus();
}

// A weighted list: every weight a multiple of 10 in [10, 100], the total exactly 100 unless the
// list is empty. `choices` (when non-empty) restricts the names.
absl::StatusOr<std::vector<WeightedSkill>> ReadWeighted(const json& value, const std::string& field,
                                                        const char* name_key,
                                                        const std::vector<std::string>& choices) {
  if (!value.is_array()) {
    return InvalidField(field, absl::StrCat(field, " must be a list of {", name_key, ", weight}"));
  }
  if (value.size() > kMaxSkills) {
    return InvalidField(field, absl::StrCat(field, " has more than ", kMaxSkills, " entries"));
  }
  std::vector<WeightedSkill> out;
  std::set<std::string> seen;
  int total = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    std::string item = absl::StrCat(field, "[", i, "]");
    const json& entry = value[i];
    if (!entry.is_object()) {
      return InvalidField(item, absl::StrCat(item, " must be an object {", name_key, ", weight}"));
    }
    for (const auto& [key, unused] : entry.items()) {
      if (key != name_key && key != "weight") {
        return InvalidField(absl::StrCat(item, ".", key), absl::StrCat("unknown key \"", key, "\" in ", item));
      }
    }
    if (!entry.contains(name_key)) {
      return InvalidField(absl::StrCat(item, ".", name_key), absl::StrCat(item, " needs a ", name_key));
    }
    JOBREC_ASSIGN_OR_RETURN(std::string name,
                            ReadString(entry[name_key], absl::StrCat(item, ".", name_key), 100, false));
    if (!choices.empty()) JOBREC_RETURN_IF_ERROR(CheckChoice(name, choices, absl::StrCat(item, ".", name_key)));
    if (!seen.insert(Lower(name)).second) {
      return InvalidField(absl::StrCat(item, ".", name_key),
                          absl::StrCat(field, " lists \"", name, "\" twice"));
    }
    std::string weight_field = absl::StrCat(item, ".weight");
    const json* weight = entry.contains("weight") ? &entry["weight"] : nullptr;
    if (!weight || !weight->is_number_integer()) {
      return InvalidField(weight_field, absl::StrCat(weight_field, " must be a whole number"));
    }
    int64_t w = weight->get<int64_t>();
    if (w < 10 || w > 100 || w % 10 != 0) {
      return InvalidField(weight_field,
                          absl::StrCat(weight_field, " must be 10, 20, … or 100 (got ", w, ")"));
    }
    total += static_cast<int>(w);
    out.push_back({std::move(name), static_cast<int>(w)});
  }
  if (!out.empty() && total != 100) {
    return InvalidField(field, absl::StrCat("the weights of ", field, " must total 100% (they total ",
                                            total, "%)"));
  }
  return out;
}

absl::StatusOr<MinSalary> ReadMinSalary(const json& value) {
  if (!value.is_object()) {
    return InvalidField("min_salary", "min_salary must be null or {amount, currency, period}");
  }
  for (const auto& [key, unused] : value.items()) {
    if (key != "amount" && key != "currency" && key != "period") {
      return InvalidField(absl::StrCat("min_salary.", key), absl::StrCat("unknown key \"", key, "\" in min_salary"));
    }
  }
  MinSalary salary;
  if (!value.contains("amount") || !value["amount"].is_number() || value["amount"].get<double>() <= 0 ||
      value["amount"].get<double>() > 1e9) {
    return InvalidField("min_salary.amount", "min_salary.amount must be a positive number");
  }
  salary.amount = value["amount"].get<double>();
  if (!value.contains("currency") || !value["currency"].is_string()) {
    return InvalidField("min_salary.currency", "min_salary.currency must be a currency code such as EUR");
  }
  salary.currency = absl::AsciiStrToUpper(value["currency"].get<std::string>());
  if (salary.currency.size() != 3 ||
      !std::all_of(salary.currency.begin(), salary.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return InvalidField("min_salary.currency", "min_salary.currency must be a three-letter ISO 4217 code such as EUR");
  }
  if (value.contains("period")) {
    if (!value["period"].is_string()) return InvalidField("min_salary.period", "min_salary.period must be a string");
    salary.period = value["period"].get<std::string>();
    JOBREC_RETURN_IF_ERROR(CheckChoice(salary.period, {"year", "month", "hour"}, "min_salary.period"));
  }
  return salary;
}

absl::StatusOr<std::vector<std::string>> ReadLanguages(const json& value) {
  JOBREC_ASSIGN_OR_RETURN(auto languages, ReadStringList(value, "languages", kMaxLanguages, 2));
  for (size_t i = 0; i < languages.size(); ++i) {
    std::string code = Lower(languages[i]);
    bool known = code.size() == 2 && kIso639_1.find(code) != std::string_view::npos &&
                 kIso639_1.find(code) % 3 == 0;
    if (!known) {
      return InvalidField(absl::StrCat("languages[", i, "]"),
                          absl::StrCat("\"", languages[i], "\" is not an ISO 639-1 language code such as en or fr"));
    }
    languages[i] = code;
  }
  return languages;
}

const std::set<std::string>& KnownKeys() {
  static const std::set<std::string> kKeys = {
      "job_titles", "ideal_job", "sectors",   "technical_skills", "general_skills", "education",
      "experience", "locations", "remote",    "min_salary",       "languages"};
  return kKeys;
}

}  // namespace

absl::StatusOr<Profile> ProfileFromJson(const json& body) {
  if (!body.is_object()) return InvalidField("", "the profile must be a JSON object");
  for (const auto& [key, unused] : body.items()) {
    if (!KnownKeys().count(key)) return InvalidField(key, absl::StrCat("unknown profile field \"", key, "\""));
  }
  Profile p;
  if (!body.contains("job_titles")) return InvalidField("job_titles", "job_titles is required (1 to 10 titles)");
  JOBREC_ASSIGN_OR_RETURN(p.job_titles, ReadStringList(body["job_titles"], "job_titles", kMaxJobTitles, kMaxTitleChars));
  if (p.job_titles.empty()) return InvalidField("job_titles", "give at least one target job title");

  auto present = [&](const char* key) { return body.contains(key) && !body[key].is_null(); };
  if (present("ideal_job")) {
    JOBREC_ASSIGN_OR_RETURN(p.ideal_job, ReadString(body["ideal_job"], "ideal_job", kMaxIdealJobChars, true));
  }
  if (present("sectors")) {
    JOBREC_ASSIGN_OR_RETURN(p.sectors, ReadStringList(body["sectors"], "sectors", Sectors().size(), 100));
    for (size_t i = 0; i < p.sectors.size(); ++i) {
      JOBREC_RETURN_IF_ERROR(CheckChoice(p.sectors[i], Sectors(), absl::StrCat("sectors[", i, "]")));
    }
  }
  if (present("technical_skills")) {
    JOBREC_ASSIGN_OR_RETURN(p.technical_skills, ReadWeighted(body["technical_skills"], "technical_skills", "name", {}));
  }
  if (present("general_skills")) {
    JOBREC_ASSIGN_OR_RETURN(p.general_skills, ReadWeighted(body["general_skills"], "general_skills", "category",
                                                           GeneralSkillCategories()));
  }
  for (auto [key, choices, target] :
       {std::tuple{"education", &EducationLevels(), &p.education},
        std::tuple{"experience", &ExperienceLevels(), &p.experience},
        std::tuple{"remote", &RemotePreferences(), &p.remote}}) {
    if (!present(key)) continue;
    if (!body[key].is_string()) {
      return InvalidField(key, absl::StrCat(key, " must be one of: ", Describe(*choices)));
    }
    *target = body[key].get<std::string>();
    JOBREC_RETURN_IF_ERROR(CheckChoice(*target, *choices, key));
  }
  if (present("locations")) {
    JOBREC_ASSIGN_OR_RETURN(p.locations, ReadStringList(body["locations"], "locations", kMaxLocations, 200));
  }
  if (present("min_salary")) {
    JOBREC_ASSIGN_OR_RETURN(p.min_salary, ReadMinSalary(body["min_salary"]));
  }
  if (present("languages")) {
    JOBREC_ASSIGN_OR_RETURN(p.languages, ReadLanguages(body["languages"]));
  }
  return p;
}

json ProfileToJson(const Profile& p) {
  auto weighted = [](const std::vector<WeightedSkill>& skills, const char* name_key) {
    json out = json::array();
    for (const auto& s : skills) out.push_back({{name_key, s.name}, {"weight", s.weight}});
    return out;
  };
  json out = {
      {"job_titles", p.job_titles},
      {"ideal_job", p.ideal_job},
      {"sectors", p.sectors},
      {"technical_skills", weighted(p.technical_skills, "name")},
      {"general_skills", weighted(p.general_skills, "category")},
      {"education", p.education.empty() ? json(nullptr) : json(p.education)},
      {"experience", p.experience.empty() ? json(nullptr) : json(p.experience)},
      {"locations", p.locations},
      {"remote", p.remote},
      {"min_salary", nullptr},
      {"languages", p.languages},
  };
  if (p.min_salary) {
    out["min_salary"] = {{"amount", p.min_salary->amount},
                         {"currency", p.min_salary->currency},
                         {"period", p.min_salary->period}};
  }
  return out;
}

}  // namespace jobrec::profile
