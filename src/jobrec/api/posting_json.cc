#include "jobrec/api/posting_json.h"

#include <cstdio>

namespace jobrec::api {
namespace {

nlohmann::json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

nlohmann::json NumberOrNull(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json TimeOrNull(const std::optional<store::Timestamp>& t) {
  return t ? nlohmann::json(TimestampJson(*t)) : nlohmann::json();
}

}  // namespace

std::string TimestampJson(store::Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(t - day);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buffer;
}

nlohmann::json PostingJson(const store::StoredPosting& p) {
  nlohmann::json salary;  // null without one
  if (p.salary) {
    salary = {{"min", NumberOrNull(p.salary->min)},
              {"max", NumberOrNull(p.salary->max)},
              {"currency", TextOrNull(p.salary->currency)},
              {"period", p.salary->period}};
  }
  return {{"id", p.id},
          {"provider", p.provider},
          {"external_id", p.external_id},
          {"url", TextOrNull(p.url)},
          {"title", p.title},
          {"company", p.company},
          {"location",
           {{"text", TextOrNull(p.location_text)},
            {"city", TextOrNull(p.city)},
            {"region", TextOrNull(p.region)},
            {"country", TextOrNull(p.country)}}},
          {"remote", p.remote},
          {"salary", salary},
          {"employment_type", TextOrNull(p.employment_type)},
          {"description", p.description},
          {"posted_at", TimeOrNull(p.posted_at)},
          {"expires_at", TimeOrNull(p.expires_at)},
          {"status", p.status},
          {"labels", p.labels}};
}

}  // namespace jobrec::api
