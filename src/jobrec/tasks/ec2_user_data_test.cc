#include "jobrec/tasks/ec2_user_data.h"

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

const Ec2UserDataValues kValues{.cluster = "prod",
                                .ssm_parameters = {{"JOBREC_DATABASE_URL", "/jobrec/prod/database-url"},
                                                   {"JOBREC_LLM_API_KEY", "/jobrec/prod/llm-key"}},
                                .idle_exit = std::chrono::minutes(15),
                                .concurrency = 2};

TEST(Ec2UserDataTest, FillsEveryPlaceholderOfTheBuiltInTemplate) {
  auto rendered = RenderEc2UserData(BuiltinEc2UserDataTemplate(), kValues);
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  EXPECT_EQ(rendered->rfind("#!/bin/bash\n", 0), 0u);
  EXPECT_NE(rendered->find("CLUSTER='prod'\n"), std::string::npos);
  EXPECT_NE(rendered->find("SSM_PARAMETERS='JOBREC_DATABASE_URL=/jobrec/prod/database-url "
                           "JOBREC_LLM_API_KEY=/jobrec/prod/llm-key'\n"),
            std::string::npos);
  EXPECT_NE(rendered->find("IDLE_EXIT='900s'\n"), std::string::npos);
  EXPECT_NE(rendered->find("CONCURRENCY='2'\n"), std::string::npos);
  EXPECT_EQ(rendered->find("{{"), std::string::npos);
  // The worker is started by its unit, with the idle power-off drop-in, reading the env file.
  EXPECT_NE(rendered->find("ExecStopPost=+"), std::string::npos);
  EXPECT_NE(rendered->find("/etc/jobrec/worker.env"), std::string::npos);
  EXPECT_NE(rendered->find("JOBREC_WORKER_SHUTDOWN_ON_IDLE_EXIT=true"), std::string::npos);
}

TEST(Ec2UserDataTest, RejectsBadTemplatesAndValues) {
  EXPECT_EQ(RenderEc2UserData("x={{nope}}", kValues).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderEc2UserData("x={{cluster", kValues).status().code(), absl::StatusCode::kInvalidArgument);
  auto values = kValues;
  values.cluster = "prod'; rm -rf /";
  auto bad = RenderEc2UserData("{{cluster}}", values);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("autoscaler.ec2_cluster"), std::string::npos);
  values = kValues;
  values.idle_exit = std::chrono::milliseconds(0);
  EXPECT_EQ(RenderEc2UserData("{{idle_exit}}", values).status().code(), absl::StatusCode::kInvalidArgument);
  values = kValues;
  values.concurrency = 0;
  EXPECT_EQ(RenderEc2UserData("{{concurrency}}", values).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderEc2UserData(std::string(17 * 1024, 'x'), kValues).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*RenderEc2UserData("plain", kValues), "plain");
}

TEST(Ec2UserDataTest, ParsesSsmParameterLists) {
  auto parsed = ParseSsmParameters(" JOBREC_DATABASE_URL=/jobrec/db , JOBREC_X=name.with-dots_1 ");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].env_name, "JOBREC_DATABASE_URL");
  EXPECT_EQ((*parsed)[0].parameter_name, "/jobrec/db");
  EXPECT_EQ((*parsed)[1].parameter_name, "name.with-dots_1");
  EXPECT_TRUE(ParseSsmParameters("")->empty());
  for (const char* bad : {"JOBREC_DATABASE_URL", "lower=/x", "1X=/x", "X=", "X=/a b", "X=/a'b", "X=$(id)", "=/x"}) {
    auto status = ParseSsmParameters(bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("autoscaler.ec2_ssm_parameters"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace jobrec::tasks
