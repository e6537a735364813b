#include "jobrec/ingest/normalize_salary.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace jobrec::ingest {
namespace {

struct TextCase {
  std::string text;
  std::optional<double> min;
  std::optional<double> max;
  std::string currency;
  std::string period;
};

class SalaryTextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(SalaryTextTest, Parses) {
  const TextCase& c = GetParam();
  auto salary = ParseSalaryText(c.text);
  ASSERT_TRUE(salary.ok()) << c.text << ": " << salary.status();
  EXPECT_EQ(salary->min, c.min) << c.text;
  EXPECT_EQ(salary->max, c.max) << c.text;
  EXPECT_EQ(salary->currency, c.currency) << c.text;
  EXPECT_EQ(salary->period, c.period) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Good, SalaryTextTest,
    ::testing::Values(
        TextCase{"€45k–55k", 45000, 55000, "EUR", "year"},
        TextCase{"$30 - $40 per hour", 30, 40, "USD", "hour"},
        TextCase{"60,000 - 80,000 USD a year", 60000, 80000, "USD", "year"},
        TextCase{"£500/day", 500, 500, "GBP", "day"},
        TextCase{"up to 90000", std::nullopt, 90000, "", "year"},
        TextCase{"Up to $90,000", std::nullopt, 90000, "USD", "year"},
        TextCase{"from $50k", 50000, std::nullopt, "USD", "year"},
        TextCase{"$120K+", 120000, std::nullopt, "USD", "year"},
        TextCase{"45-55k GBP", 45000, 55000, "GBP", "year"},
        TextCase{"45.000 € brutto pro Jahr", 45000, 45000, "EUR", "year"},
        TextCase{"Between 40 000 and 50 000 EUR", 40000, 50000, "EUR", "year"},
        TextCase{"CA$85,000 to CA$95,000 annually", 85000, 95000, "CAD", "year"},
        TextCase{"C$ 25.50/hr", 25.5, 25.5, "CAD", "hour"},
        TextCase{"$22.50 - $28.75 hourly", 22.5, 28.75, "USD", "hour"},
        TextCase{"£3,000 - £3,500 per month", 3000, 3500, "GBP", "month"},
        TextCase{"1.200.000 INR p.a.", 1200000, 1200000, "INR", "year"},
        TextCase{"$1,200 weekly", 1200, 1200, "USD", "week"},
        TextCase{"$30 - $40 per hour, 40 hours per week", 30, 40, "USD", "hour"},
        TextCase{"$25/h", 25, 25, "USD", "hour"},
        TextCase{"£40k pa + benefits", 40000, 40000, "GBP", "year"},
        TextCase{"85 000 - 95 000 euros", 85000, 95000, "EUR", "year"},
        TextCase{"Salary: 55000", 55000, 55000, "", "year"},
        TextCase{"€350 day rate", 350, 350, "EUR", "day"},
        TextCase{"Â£45,000 - Â£50,000", 45000, 50000, "GBP", "year"},  // mojibake
        TextCase{"$18", 18, 18, "USD", "hour"}));

TEST(SalaryText, HintsFillWhatTheTextLeavesOut) {
  auto s = ParseSalaryText("45000 - 50000", {.currency = "GBP", .period = ""});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->currency, "GBP");
  auto monthly = ParseSalaryText("3500", {.currency = "EUR", .period = "month"});
  ASSERT_TRUE(monthly.ok()) << monthly.status();
  EXPECT_EQ(monthly->period, "month");
  EXPECT_EQ(monthly->min, 3500);
  // The text wins over the hints.
  auto text_wins = ParseSalaryText("$40 per hour", {.currency = "EUR", .period = "year"});
  ASSERT_TRUE(text_wins.ok());
  EXPECT_EQ(text_wins->currency, "USD");
  EXPECT_EQ(text_wins->period, "hour");
}

class SalaryTextBadTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SalaryTextBadTest, IsRejectedWithAReason) {
  auto salary = ParseSalaryText(GetParam());
  ASSERT_FALSE(salary.ok()) << GetParam();
  EXPECT_EQ(salary.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(salary.status().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Bad, SalaryTextBadTest,
    ::testing::Values("", "Competitive", "DOE", "£££", "$", "-", "k", "1 2 3 4",
                      "$50,000 base + $10,000 bonus",  // two amounts, not a range
                      "$3000",                          // period ambiguous without a hint
                      "$90,000 - $60,000",              // min above max
                      "€45k and £50k",                  // two currencies
                      "$0.01 per year",                 // implausible
                      "99999999999 per hour", "5+ years of experience",
                      "20% bonus", std::string(5000, '9'), std::string("\xff\xfe\x80", 3),
                      std::string("12\0" "34", 5)));

TEST(MakeSalary, NormalisesCurrencyAndPeriod) {
  auto s = MakeSalary(42405, 65485, "usd", "Annual");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->currency, "USD");
  EXPECT_EQ(s->period, "year");
  auto hourly = MakeSalary(15.5, std::nullopt, "$", "Hourly");
  ASSERT_TRUE(hourly.ok()) << hourly.status();
  EXPECT_EQ(hourly->period, "hour");
  EXPECT_FALSE(hourly->max);
}

TEST(MakeSalary, ZeroMeansAbsent) {
  auto s = MakeSalary(0, 50000, "EUR", "");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(s->min);
  EXPECT_EQ(s->max, 50000);
  EXPECT_EQ(s->period, "year");
  EXPECT_FALSE(MakeSalary(0, 0, "EUR", "year").ok());
  EXPECT_FALSE(MakeSalary(std::nullopt, std::nullopt, "EUR", "year").ok());
}

TEST(MakeSalary, RejectsBadInput) {
  EXPECT_FALSE(MakeSalary(60000, 50000, "USD", "year").ok());
  EXPECT_FALSE(MakeSalary(std::numeric_limits<double>::quiet_NaN(), 5, "USD", "hour").ok());
  EXPECT_FALSE(MakeSalary(std::numeric_limits<double>::infinity(), {}, "USD", "year").ok());
  EXPECT_FALSE(MakeSalary(50000, 60000, "XYZ", "year").ok());
  EXPECT_FALSE(MakeSalary(50000, 60000, "USD", "fortnight").ok());
  EXPECT_FALSE(MakeSalary(50000, 60000, "USD", "bi-weekly").ok());
  EXPECT_FALSE(MakeSalary(50000, 60000, "USD", "hour").ok());  // 124 M a year
  EXPECT_FALSE(MakeSalary(1, 2, "USD", "year").ok());
}

TEST(Currency, CodesSymbolsAndNames) {
  const std::pair<std::string, std::string> cases[] = {
      {"usd", "USD"}, {" EUR ", "EUR"}, {"$", "USD"},   {"€", "EUR"},    {"£", "GBP"},
      {"C$", "CAD"},  {"A$", "AUD"},    {"CA$", "CAD"}, {"US$", "USD"},  {"₹", "INR"},
      {"euro", "EUR"}, {"Pounds", "GBP"}, {"chf", "CHF"}, {"¥", "JPY"}};
  for (const auto& [in, want] : cases) {
    auto got = NormalizeCurrency(in);
    ASSERT_TRUE(got.ok()) << in;
    EXPECT_EQ(*got, want) << in;
  }
  for (const std::string bad : {"", "  ", "dollarz", "XYZ", "ALL", "$$"}) {
    EXPECT_FALSE(NormalizeCurrency(bad).ok()) << bad;
  }
}

TEST(Period, Spellings) {
  const std::pair<std::string, std::string> cases[] = {
      {"Annual", "year"},     {"YEAR", "year"},     {"per annum", "year"}, {"p.a.", "year"},
      {"Per Year", "year"},   {"PA", "year"},       {"yearly", "year"},    {"MONTH", "month"},
      {"Monthly", "month"},   {"/mo", "month"},     {"pcm", "month"},      {"PM", "month"},
      {"weekly", "week"},     {"PW", "week"},       {"Daily", "day"},      {"per diem", "day"},
      {"PD", "day"},          {"Hourly", "hour"},   {"/hr", "hour"},       {"PH", "hour"},
      {"per hour", "hour"},   {"HOUR", "hour"}};
  for (const auto& [in, want] : cases) {
    auto got = NormalizePeriod(in);
    ASSERT_TRUE(got.ok()) << in << ": " << got.status();
    EXPECT_EQ(*got, want) << in;
  }
  for (const std::string bad : {"", "BW", "bi-weekly", "fortnightly", "semester", "FB", "WC"}) {
    EXPECT_FALSE(NormalizePeriod(bad).ok()) << bad;
  }
}

TEST(Annualise, DocumentedFactors) {
  EXPECT_EQ(*Annualise(50000, "year"), 50000);
  EXPECT_EQ(*Annualise(4000, "month"), 48000);
  EXPECT_EQ(*Annualise(1000, "week"), 52000);
  EXPECT_EQ(*Annualise(200, "day"), 52000);
  EXPECT_EQ(*Annualise(25, "hour"), 52000);
  EXPECT_FALSE(Annualise(1, "Annual").ok());  // only the five normalised names
  EXPECT_FALSE(AnnualisationFactor("").ok());
}

}  // namespace
}  // namespace jobrec::ingest
