// CsvColumnMapping presets and configuration (declared in csv_source.h).

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/csv_source.h"

namespace jobrec::ingest {
namespace {

using Json = nlohmann::json;

CsvColumnMapping NycJobs() {
  CsvColumnMapping m;
  m.provider = "nyc";
  // The export lists most vacancies twice, once per audience ("Internal", "External"): the
  // pair is the unique key of a row (3,803 distinct keys in 3,843 rows).
  m.external_id = {"Job ID", "Posting Type"};
  m.title = "Business Title";
  m.company = "Agency";
  // The description columns are almost all empty in this export, so the structured columns
  // that describe the job are added too: they are what the recommender can read.
  m.description = {{"Job Description", ""},
                   {"Minimum Qual Requirements", "Minimum qualifications"},
                   {"Preferred Skills", "Preferred skills"},
                   {"Civil Service Title", "Civil service title"},
                   {"Job Category", "Job category"},
                   {"Division/Work Unit", "Division"}};
  // "Work Location" is a street address ("110 William St. N Y"), not a city.
  m.location = "Work Location";
  m.parse_location = false;
  m.location_city = "New York";
  m.location_region = "New York";
  m.location_country = "US";
  m.salary_min = "Salary Range From";
  m.salary_max = "Salary Range To";
  m.salary_period = "Salary Frequency";
  m.currency_default = "USD";
  m.employment_type = "Full-Time/Part-Time indicator";
  m.posted_at = "Posting Date";
  m.expires_at = "Post Until";
  m.url_template =
      "https://a127-jobs.nyc.gov/psc/nycjobs/EMPLOYEE/HRMS/c/HRS_HRAM.HRS_APP_SCHJOB.GBL"
      "?Page=HRS_APP_JBPST&Action=U&FOCUS=Applicant&SiteId=1&JobOpeningId={Job ID}"
      "&PostingSeq=1";
  m.labels = {"Posting Type", "Civil Service Title", "Job Category", "Level",
              "# Of Positions"};
  return m;
}

absl::Status ReadString(const Json& value, const std::string& key, std::string* out) {
  if (!value.is_string()) return common::InvalidField("mapping." + key, "must be a string");
  *out = value.get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadStrings(const Json& value, const std::string& key,
                         std::vector<std::string>* out) {
  out->clear();
  if (value.is_string()) {
    out->push_back(value.get<std::string>());
    return absl::OkStatus();
  }
  if (!value.is_array()) {
    return common::InvalidField("mapping." + key, "must be a string or an array of strings");
  }
  for (const Json& v : value) {
    if (!v.is_string()) return common::InvalidField("mapping." + key, "must hold strings");
    out->push_back(v.get<std::string>());
  }
  return absl::OkStatus();
}

absl::Status ReadDescription(const Json& value, std::vector<CsvDescriptionPart>* out) {
  out->clear();
  const Json items = value.is_array() ? value : Json::array({value});
  for (const Json& v : items) {
    if (v.is_string()) {
      out->push_back({v.get<std::string>(), ""});
    } else if (v.is_object() && v.contains("column") && v["column"].is_string() &&
               (!v.contains("heading") || v["heading"].is_string())) {
      out->push_back({v["column"].get<std::string>(), v.value("heading", std::string())});
    } else {
      return common::InvalidField(
          "mapping.description", "must hold column names or {\"column\", \"heading\"} objects");
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> CsvPresetNames() { return {"nyc"}; }

absl::StatusOr<CsvColumnMapping> CsvPreset(const std::string& name) {
  if (name == "nyc") return NycJobs();
  return absl::NotFoundError(absl::StrCat("no CSV mapping preset \"", name, "\""));
}

absl::StatusOr<CsvColumnMapping> CsvMappingFromJson(const Json& config) {
  if (!config.is_object()) return common::InvalidField("mapping", "must be an object");
  CsvColumnMapping m;
  const std::pair<const char*, std::string*> strings[] = {
      {"provider", &m.provider},
      {"title", &m.title},
      {"company", &m.company},
      {"company_default", &m.company_default},
      {"location", &m.location},
      {"location_city", &m.location_city},
      {"location_region", &m.location_region},
      {"location_country", &m.location_country},
      {"remote", &m.remote},
      {"salary_min", &m.salary_min},
      {"salary_max", &m.salary_max},
      {"salary_period", &m.salary_period},
      {"salary_text", &m.salary_text},
      {"salary_currency", &m.salary_currency},
      {"currency_default", &m.currency_default},
      {"employment_type", &m.employment_type},
      {"posted_at", &m.posted_at},
      {"expires_at", &m.expires_at},
      {"url", &m.url},
      {"url_template", &m.url_template}};
  for (const auto& [key, value] : config.items()) {
    bool known = false;
    for (const auto& [name, target] : strings) {
      if (key == name) {
        JOBREC_RETURN_IF_ERROR(ReadString(value, key, target));
        known = true;
      }
    }
    if (known) continue;
    if (key == "external_id") {
      JOBREC_RETURN_IF_ERROR(ReadStrings(value, key, &m.external_id));
    } else if (key == "labels") {
      JOBREC_RETURN_IF_ERROR(ReadStrings(value, key, &m.labels));
    } else if (key == "description") {
      JOBREC_RETURN_IF_ERROR(ReadDescription(value, &m.description));
    } else if (key == "parse_location") {
      if (!value.is_boolean()) return common::InvalidField("mapping." + key, "must be a boolean");
      m.parse_location = value.get<bool>();
    } else {
      return common::InvalidField("mapping." + key, "is not a mapping key");
    }
  }
  if (m.provider.empty()) return common::InvalidField("mapping.provider", "is required");
  if (m.external_id.empty()) return common::InvalidField("mapping.external_id", "is required");
  if (m.title.empty()) return common::InvalidField("mapping.title", "is required");
  return m;
}

absl::StatusOr<std::unique_ptr<Connector>> NewCsvSource(const Json& params) {
  if (!params.is_object()) return absl::InvalidArgumentError("parameters must be an object");
  CsvSourceOptions options;
  bool have_mapping = false;
  for (const auto& [key, value] : params.items()) {
    if (key == "path") {
      if (!value.is_string()) return common::InvalidField(key, "must be a string");
      options.path = value.get<std::string>();
    } else if (key == "preset") {
      if (!value.is_string()) return common::InvalidField(key, "must be a string");
      auto preset = CsvPreset(value.get<std::string>());
      if (!preset.ok()) return common::InvalidField(key, std::string(preset.status().message()));
      options.mapping = *std::move(preset);
      have_mapping = true;
    } else if (key == "mapping") {
      JOBREC_ASSIGN_OR_RETURN(options.mapping, CsvMappingFromJson(value));
      have_mapping = true;
    } else if (key == "delimiter") {
      if (!value.is_string() || value.get<std::string>().size() != 1) {
        return common::InvalidField(key, "must be a one-character string");
      }
      options.delimiter = value.get<std::string>()[0];
    } else if (key == "page_size") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1) {
        return common::InvalidField(key, "must be a positive integer");
      }
      options.page_size = value.get<size_t>();
    } else {
      return common::InvalidField(key, "is not a parameter of the csv source");
    }
  }
  if (params.contains("preset") && params.contains("mapping")) {
    return common::InvalidField("mapping", "give either preset or mapping, not both");
  }
  if (!have_mapping) return common::InvalidField("mapping", "a preset or a mapping is required");
  JOBREC_ASSIGN_OR_RETURN(auto source, CsvSource::Open(std::move(options)));
  return std::unique_ptr<Connector>(std::move(source));
}

}  // namespace jobrec::ingest
