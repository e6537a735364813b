// Salary normalisation: currency from symbols or codes, pay period from words, ranges from
// structured numbers or from free text, and annualisation.
//
// Periods are the strings of Salary::period: "year" | "month" | "week" | "day" | "hour".
// Annualisation factors (a full-time year, no overtime, the convention US job boards use):
//   year x1, month x12, week x52, day x260 (52 weeks x 5 days), hour x2080 (52 x 40 h).
//
// All functions are pure and thread-safe, never throw, and return InvalidArgument with a
// reason a person can read when the input cannot be understood.
#pragma once

#include <optional>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// ISO 4217 code for a code ("usd", "EUR"), a symbol ("$", "€", "£", "¥", "₹", "C$", "A$",
// "CA$", "US$") or a name ("euro", "dollars", "pounds"). "$" alone is USD.
// Errors: InvalidArgument for anything else (including an empty string).
absl::StatusOr<std::string> NormalizeCurrency(const std::string& text);

// "year" | "month" | "week" | "day" | "hour" for the usual spellings: "Annual", "per annum",
// "p.a.", "yearly", "YEAR" (schema.org unitText), "Monthly", "/mo", "pcm", "weekly", "Daily",
// "per diem", "Hourly", "/hr", "PH" (USAJobs: "PA", "PH", "PD", "PW", "BW" biweekly -> not
// supported) … Errors: InvalidArgument for anything else.
absl::StatusOr<std::string> NormalizePeriod(const std::string& text);

// Multiplier turning an amount per `period` into an amount per year (see the table above).
// Errors: InvalidArgument for a period that is not one of the five names.
absl::StatusOr<double> AnnualisationFactor(const std::string& period);
// amount x AnnualisationFactor(period).
absl::StatusOr<double> Annualise(double amount, const std::string& period);

// A salary from structured fields, as providers send them. `currency` and `period` go through
// NormalizeCurrency / NormalizePeriod; an empty currency stays "" (unknown) and an empty
// period defaults to "year". A zero or negative bound counts as absent (several providers
// send 0 for "not given").
// Errors: InvalidArgument when neither bound is present, a bound is not finite, min > max,
// the currency or period is not recognised, or an annualised bound is implausible (under 100
// or over 10,000,000 a year: a unit mix-up such as cents, or a placeholder like 99999999).
absl::StatusOr<Salary> MakeSalary(std::optional<double> min, std::optional<double> max,
                                  const std::string& currency, const std::string& period);

// What the text does not say: the provider's country currency, or its usual period.
struct SalaryHints {
  std::string currency;  // ISO 4217; used when the text has no currency
  std::string period;    // one of the five names; used when the text has no period
};

// A salary from free text: "€45k–55k", "$30 - $40 per hour", "60,000 - 80,000 USD a year",
// "£500/day", "up to 90000", "from $50k", "$120K+", "45.000 € brutto pro Jahr",
// "Between 40 000 and 50 000 EUR". Thousands separators "," "." and spaces, "k" suffixes
// (which also apply to a bare lower bound: "45-55k"), decimals with "." or ",".
// Without a period word the hint is used, else the amount decides (annual when ≥ 10,000,
// hourly when ≤ 200) and anything in between is rejected as ambiguous.
// Errors: InvalidArgument when no amount is found ("Competitive", "DOE"), more than two
// amounts make a range ambiguous, or MakeSalary rejects the result.
absl::StatusOr<Salary> ParseSalaryText(const std::string& text, const SalaryHints& hints = {});

}  // namespace jobrec::ingest
