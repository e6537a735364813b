#include "jobrec/ingest/normalize_location.h"

#include <string>

#include <gtest/gtest.h>

#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

struct LocationCase {
  std::string text;
  std::string city;
  std::string region;
  std::string country;
};

class ParseLocationTest : public ::testing::TestWithParam<LocationCase> {};

TEST_P(ParseLocationTest, Parses) {
  const LocationCase& c = GetParam();
  const Location loc = ParseLocation(c.text);
  EXPECT_EQ(loc.city, c.city) << c.text;
  EXPECT_EQ(loc.region, c.region) << c.text;
  EXPECT_EQ(loc.country, c.country) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseLocationTest,
    ::testing::Values(
        LocationCase{"San Francisco, CA", "San Francisco", "California", "US"},
        LocationCase{"Remote - US", "", "", "US"},
        LocationCase{"Berlin, Germany", "Berlin", "", "DE"},
        LocationCase{"London, England, United Kingdom", "London", "England", "GB"},
        LocationCase{"Lyon, Auvergne-Rhône-Alpes, France", "Lyon", "Auvergne-Rhône-Alpes", "FR"},
        LocationCase{"Toronto, ON, Canada", "Toronto", "Ontario", "CA"},
        LocationCase{"Toronto, ON, CA", "Toronto", "Ontario", "CA"},
        LocationCase{"Vancouver, British Columbia", "Vancouver", "British Columbia", "CA"},
        LocationCase{"New York, NY 10001", "New York", "New York", "US"},
        LocationCase{"Washington, District of Columbia", "Washington", "District of Columbia", "US"},
        LocationCase{"Austin, Texas, United States", "Austin", "Texas", "US"},
        LocationCase{"Winston-Salem, NC", "Winston-Salem", "North Carolina", "US"},
        LocationCase{"Hybrid - Austin, TX", "Austin", "Texas", "US"},
        LocationCase{"Remote (USA)", "", "", "US"},
        LocationCase{"US-Remote", "", "", "US"},
        LocationCase{"Remote UK", "", "", "GB"},
        LocationCase{"Amsterdam, Netherlands", "Amsterdam", "", "NL"},
        LocationCase{"München, Deutschland", "München", "", "DE"},
        LocationCase{"10115 Berlin, Germany", "Berlin", "", "DE"},
        LocationCase{"Paris", "Paris", "", ""},
        LocationCase{"Germany", "", "", "DE"},
        LocationCase{"California", "", "California", "US"},
        LocationCase{"Remote", "", "", ""},
        LocationCase{"Anywhere", "", "", ""},
        LocationCase{"Europe", "", "", ""},
        LocationCase{"Mission District, San Francisco, CA", "San Francisco", "California", "US"},
        LocationCase{"Edinburgh, Scotland", "Edinburgh", "Scotland", "GB"},
        LocationCase{"Dublin, Ireland", "Dublin", "", "IE"},
        LocationCase{"", "", "", ""},
        LocationCase{" , ; | ", "", "", ""},
        LocationCase{"Multiple Locations", "", "", ""}));

TEST(ParseLocation, KeepsTheCleanedText) {
  EXPECT_EQ(ParseLocation("  Berlin,\tGermany ").text, "Berlin, Germany");
  EXPECT_EQ(ParseLocation("S\xe3o Paulo").text, "S\xEF\xBF\xBDo Paulo");  // bad byte replaced
}

TEST(ParseLocation, SurvivesGarbage) {
  std::string long_city(3000, 'a');
  long_city.append(", CA");
  for (const std::string& junk :
       {std::string(10000, ','), std::string(5000, '-'), std::string("\0\0\0", 3),
        std::string("(((((((("), std::string(" - - - "), std::string("\xC3"), long_city}) {
    const Location loc = ParseLocation(junk);
    EXPECT_TRUE(IsValidUtf8(loc.text) && IsValidUtf8(loc.city) && IsValidUtf8(loc.region));
    EXPECT_TRUE(loc.country.empty() || loc.country.size() == 2);
  }
}

TEST(CountryCode, NamesAliasesAndCodes) {
  EXPECT_EQ(CountryCode("United States"), "US");
  EXPECT_EQ(CountryCode("usa"), "US");
  EXPECT_EQ(CountryCode("U.S."), "US");
  EXPECT_EQ(CountryCode("UK"), "GB");
  EXPECT_EQ(CountryCode("gb"), "GB");
  EXPECT_EQ(CountryCode("DEU"), "DE");
  EXPECT_EQ(CountryCode("Deutschland"), "DE");
  EXPECT_EQ(CountryCode("fr"), "FR");
  EXPECT_EQ(CountryCode("The Netherlands"), "NL");
  EXPECT_EQ(CountryCode("Narnia"), std::nullopt);
  EXPECT_EQ(CountryCode(""), std::nullopt);
  EXPECT_EQ(CountryCode("XX"), std::nullopt);
}

TEST(FindRegion, StatesAndProvinces) {
  EXPECT_EQ(FindRegion("CA")->name, "California");
  EXPECT_EQ(FindRegion("CA")->country, "US");
  EXPECT_EQ(FindRegion("on")->name, "Ontario");
  EXPECT_EQ(FindRegion("Quebec")->country, "CA");
  EXPECT_EQ(FindRegion("NL", "CA")->name, "Newfoundland and Labrador");
  EXPECT_EQ(FindRegion("Scotland")->country, "GB");
  EXPECT_FALSE(FindRegion("CA", "FR"));
  EXPECT_FALSE(FindRegion("Bavaria"));
  EXPECT_FALSE(FindRegion(""));
}

TEST(MakeLocation, FromParts) {
  const Location usajobs = MakeLocation("Washington", "DC", "United States");
  EXPECT_EQ(usajobs.city, "Washington");
  EXPECT_EQ(usajobs.region, "District of Columbia");
  EXPECT_EQ(usajobs.country, "US");
  EXPECT_EQ(usajobs.text, "Washington, DC, United States");

  const Location adzuna = MakeLocation("Manchester", "North West England", "UK", "Manchester");
  EXPECT_EQ(adzuna.region, "North West England");
  EXPECT_EQ(adzuna.country, "GB");
  EXPECT_EQ(adzuna.text, "Manchester");

  const Location region_only = MakeLocation("", "Ontario", "");
  EXPECT_EQ(region_only.country, "CA");
  const Location unknown = MakeLocation("Springfield", "", "Atlantis");
  EXPECT_EQ(unknown.country, "");
  EXPECT_EQ(unknown.text, "Springfield, Atlantis");
}

}  // namespace
}  // namespace jobrec::ingest
