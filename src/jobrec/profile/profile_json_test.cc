#include "jobrec/profile/profile_json.h"

#include <gtest/gtest.h>

namespace jobrec::profile {
namespace {

using nlohmann::json;

json FullProfile() {
  return json::parse(R"({"job_titles": ["Data Scientist"], "ideal_job": "Applied ML in health",
    "sectors": ["ICT & Digital"],
    "technical_skills": [{"name": "Python", "weight": 60}, {"name": "SQL", "weight": 40}],
    "general_skills": [{"category": "Cognitive & Technical", "weight": 100}],
    "education": "Master", "experience": "3-5 years",
    "locations": ["Lyon, France"], "remote": "hybrid",
    "min_salary": {"amount": 50000, "currency": "EUR", "period": "year"}, "languages": ["fr", "en"]})");
}

TEST(ProfileJsonTest, FullProfileRoundTrips) {
  auto profile = ProfileFromJson(FullProfile());
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->technical_skills[0].weight, 60);
  EXPECT_EQ(ProfileToJson(*profile), FullProfile());
}

TEST(ProfileJsonTest, ThinProfileWithOneTitleIsValid) {
  auto profile = ProfileFromJson(json{{"job_titles", {"Nurse"}}});
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->remote, "any");
  EXPECT_TRUE(profile->technical_skills.empty());
  auto back = ProfileToJson(*profile);
  EXPECT_TRUE(back["min_salary"].is_null());
  EXPECT_TRUE(back["education"].is_null());
  EXPECT_TRUE(ProfileFromJson(back).ok());
}

TEST(ProfileJsonTest, EmptySkillListsAreValid) {
  json body = FullProfile();
  body["technical_skills"] = json::array();
  body["general_skills"] = json::array();
  EXPECT_TRUE(ProfileFromJson(body).ok());
}

TEST(ProfileJsonTest, NormalisesCurrencyAndLanguageCase) {
  json body = FullProfile();
  body["min_salary"]["currency"] = "eur";
  body["languages"] = {"FR"};
  auto profile = ProfileFromJson(body);
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->min_salary->currency, "EUR");
  EXPECT_EQ(profile->languages[0], "fr");
}

struct BadCase {
  std::string name;
  std::function<void(json&)> mutate;
  std::string field;
};

class ProfileJsonBadFieldTest : public testing::TestWithParam<BadCase> {};

TEST_P(ProfileJsonBadFieldTest, NamesTheField) {
  json body = FullProfile();
  GetParam().mutate(body);
  auto profile = ProfileFromJson(body);
  ASSERT_FALSE(profile.ok()) << GetParam().name;
  EXPECT_EQ(profile.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::FieldOf(profile.status()), GetParam().field) << profile.status();
  EXPECT_FALSE(profile.status().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    EveryField, ProfileJsonBadFieldTest,
    testing::Values(
        BadCase{"no_titles", [](json& b) { b.erase("job_titles"); }, "job_titles"},
        BadCase{"empty_titles", [](json& b) { b["job_titles"] = json::array(); }, "job_titles"},
        BadCase{"eleven_titles", [](json& b) { b["job_titles"] = json(std::vector<std::string>(11, "x")); }, "job_titles"},
        BadCase{"blank_title", [](json& b) { b["job_titles"] = {"  "}; }, "job_titles[0]"},
        BadCase{"title_not_string", [](json& b) { b["job_titles"] = {42}; }, "job_titles[0]"},
        BadCase{"duplicate_title", [](json& b) { b["job_titles"] = {"Nurse", "nurse"}; }, "job_titles[1]"},
        BadCase{"long_title", [](json& b) { b["job_titles"] = {std::string(201, 'a')}; }, "job_titles[0]"},
        BadCase{"ideal_too_long", [](json& b) { b["ideal_job"] = std::string(5001, 'a'); }, "ideal_job"},
        BadCase{"ideal_not_string", [](json& b) { b["ideal_job"] = 3; }, "ideal_job"},
        BadCase{"unknown_sector", [](json& b) { b["sectors"] = {"Space"}; }, "sectors[0]"},
        BadCase{"sectors_not_list", [](json& b) { b["sectors"] = "ICT & Digital"; }, "sectors"},
        BadCase{"weights_total_90", [](json& b) { b["technical_skills"][1]["weight"] = 30; }, "technical_skills"},
        BadCase{"weight_not_step", [](json& b) { b["technical_skills"][0]["weight"] = 55; }, "technical_skills[0].weight"},
        BadCase{"weight_zero", [](json& b) { b["technical_skills"][0]["weight"] = 0; }, "technical_skills[0].weight"},
        BadCase{"weight_string", [](json& b) { b["technical_skills"][0]["weight"] = "60"; }, "technical_skills[0].weight"},
        BadCase{"weight_fraction", [](json& b) { b["technical_skills"][0]["weight"] = 60.5; }, "technical_skills[0].weight"},
        BadCase{"skill_no_name", [](json& b) { b["technical_skills"][0].erase("name"); }, "technical_skills[0].name"},
        BadCase{"skill_extra_key", [](json& b) { b["technical_skills"][0]["level"] = 3; }, "technical_skills[0].level"},
        BadCase{"skill_duplicate", [](json& b) { b["technical_skills"][1]["name"] = "python"; }, "technical_skills[1].name"},
        BadCase{"skills_not_list", [](json& b) { b["technical_skills"] = json::object(); }, "technical_skills"},
        BadCase{"general_unknown", [](json& b) { b["general_skills"][0]["category"] = "Charm"; }, "general_skills[0].category"},
        BadCase{"general_total", [](json& b) { b["general_skills"][0]["weight"] = 90; }, "general_skills"},
        BadCase{"education", [](json& b) { b["education"] = "College"; }, "education"},
        BadCase{"experience", [](json& b) { b["experience"] = "5 years"; }, "experience"},
        BadCase{"remote", [](json& b) { b["remote"] = "sometimes"; }, "remote"},
        BadCase{"remote_type", [](json& b) { b["remote"] = true; }, "remote"},
        BadCase{"locations", [](json& b) { b["locations"] = {""}; }, "locations[0]"},
        BadCase{"salary_negative", [](json& b) { b["min_salary"]["amount"] = -1; }, "min_salary.amount"},
        BadCase{"salary_currency", [](json& b) { b["min_salary"]["currency"] = "EURO"; }, "min_salary.currency"},
        BadCase{"salary_period", [](json& b) { b["min_salary"]["period"] = "decade"; }, "min_salary.period"},
        BadCase{"salary_shape", [](json& b) { b["min_salary"] = 50000; }, "min_salary"},
        BadCase{"language_unknown", [](json& b) { b["languages"] = {"xx"}; }, "languages[0]"},
        BadCase{"language_long", [](json& b) { b["languages"] = {"eng"}; }, "languages[0]"},
        BadCase{"unknown_key", [](json& b) { b["salary"] = 1; }, "salary"}),
    [](const testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(ProfileJsonTest, NonObjectBodyIsRejected) {
  EXPECT_FALSE(ProfileFromJson(json::array()).ok());
  EXPECT_FALSE(ProfileFromJson(json("x")).ok());
}

}  // namespace
}  // namespace jobrec::profile
