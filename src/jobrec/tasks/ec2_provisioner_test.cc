// The EC2 provisioner against a fake EC2 endpoint on 127.0.0.1 (tasks/testing/fake_ec2.h).
#include "jobrec/tasks/ec2_provisioner.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "jobrec/tasks/testing/fake_ec2.h"

namespace jobrec::tasks {
namespace {

using testing::FakeEc2;

const std::map<std::string, std::string> kOurs = {{"jobrec:cluster", "prod"}, {"jobrec:role", "worker"}};

class Ec2ProvisionerTest : public ::testing::Test {
 protected:
  Ec2Api Api() {
    Ec2Api api;
    api.http = common::NewCurlHttpClient();
    api.credentials = std::make_unique<cloud::StaticCredentialsProvider>(testing::kFakeEc2Credentials);
    auto client = cloud::NewEc2Client(
        {.region = testing::kFakeEc2Region, .endpoint = fake_.Url(), .retry = {.max_attempts = 1}}, api.http.get(),
        api.credentials.get());
    EXPECT_TRUE(client.ok()) << client.status();
    api.client = std::move(client).value();
    return api;
  }
  Ec2ProvisionerOptions Options() {
    auto user_data = RenderEc2UserData(BuiltinEc2UserDataTemplate(),
                                       {.cluster = "prod",
                                        .ssm_parameters = {{"JOBREC_DATABASE_URL", "/jobrec/prod/database-url"}},
                                        .idle_exit = std::chrono::minutes(10),
                                        .concurrency = 8});
    EXPECT_TRUE(user_data.ok()) << user_data.status();
    return {.cluster = "prod",
            .launch = {.launch_template_id = "lt-0abc", .security_group_ids = {"sg-1"},
                       .iam_instance_profile_name = "jobrec-worker"},
            .subnet_ids = {"subnet-a", "subnet-b"},
            .user_data = *user_data};
  }
  std::unique_ptr<Ec2Provisioner> Make(Ec2ProvisionerOptions options) {
    auto provisioner = Ec2Provisioner::Create(Api(), std::move(options));
    EXPECT_TRUE(provisioner.ok()) << provisioner.status();
    return provisioner.ok() ? std::move(provisioner).value() : nullptr;
  }
  static std::vector<std::string> Ids(Provisioner& p, bool include_stopping = false) {
    std::vector<std::string> ids;
    auto listed = p.List();
    EXPECT_TRUE(listed.ok()) << listed.status();
    for (const auto& w : listed.value_or(std::vector<ProvisionedWorker>{})) {
      if (include_stopping || w.phase != ProvisionedWorker::Phase::kStopping) ids.push_back(w.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  void TearDown() override { EXPECT_TRUE(fake_.SignatureProblems().empty()) << fake_.SignatureProblems()[0]; }

  FakeEc2 fake_;
};

TEST_F(Ec2ProvisionerTest, LaunchesTaggedSelfTerminatingWorkersInSubnetsInTurn) {
  auto p = Make(Options());
  auto started = p->Start(3);
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_EQ(started->size(), 3u);
  EXPECT_EQ((*started)[0].provider, "ec2");
  EXPECT_EQ((*started)[0].phase, ProvisionedWorker::Phase::kStarting);

  auto runs = fake_.Requests("RunInstances");
  ASSERT_EQ(runs.size(), 3u);
  std::vector<std::string> subnets;
  for (const auto& form : runs) {
    subnets.push_back(form.at("SubnetId"));
    EXPECT_EQ(form.at("InstanceInitiatedShutdownBehavior"), "terminate");
    EXPECT_EQ(form.at("LaunchTemplate.LaunchTemplateId"), "lt-0abc");
    EXPECT_EQ(form.at("IamInstanceProfile.Name"), "jobrec-worker");
    EXPECT_EQ(form.at("SecurityGroupId.1"), "sg-1");
    EXPECT_EQ(form.at("MinCount"), "1");
    EXPECT_EQ(form.at("MaxCount"), "1");
  }
  EXPECT_EQ(subnets, (std::vector<std::string>{"subnet-a", "subnet-b", "subnet-a"}));
  // Retries of one launch share a token; different launches do not.
  EXPECT_NE(runs[0].at("ClientToken"), runs[1].at("ClientToken"));

  for (const auto& instance : fake_.Instances()) {
    EXPECT_EQ(instance.tags.at("jobrec:cluster"), "prod");
    EXPECT_EQ(instance.tags.at("jobrec:role"), "worker");
    EXPECT_EQ(instance.tags.at("Name"), "prod-worker");
  }
  // The user data names the SSM parameter; it carries no value of it.
  std::string user_data;
  ASSERT_TRUE(absl::Base64Unescape(runs[0].at("UserData"), &user_data));
  EXPECT_NE(user_data.find("SSM_PARAMETERS='JOBREC_DATABASE_URL=/jobrec/prod/database-url'"), std::string::npos);
  EXPECT_NE(user_data.find("CLUSTER='prod'"), std::string::npos);
  EXPECT_NE(user_data.find("IDLE_EXIT='600s'"), std::string::npos);
  EXPECT_NE(user_data.find("CONCURRENCY='8'"), std::string::npos);
  EXPECT_NE(user_data.find("systemctl enable --now jobrec-worker.service"), std::string::npos);
  EXPECT_EQ(user_data.find("{{"), std::string::npos);
}

TEST_F(Ec2ProvisionerTest, ReconcileAdoptsTheClustersWorkersAndCountsNoneTwice) {
  fake_.Seed("i-0previousleader1", "running", kOurs);
  fake_.Seed("i-0previousleader2", "pending", kOurs);
  fake_.Seed("i-0othercluster", "running", {{"jobrec:cluster", "staging"}, {"jobrec:role", "worker"}});
  fake_.Seed("i-0notaworker", "running", {{"jobrec:cluster", "prod"}, {"jobrec:role", "web"}});
  fake_.Seed("i-0gone", "terminated", kOurs);
  auto p = Make(Options());
  ASSERT_TRUE(p->Reconcile().ok());
  EXPECT_EQ(Ids(*p), (std::vector<std::string>{"i-0previousleader1", "i-0previousleader2"}));

  auto started = p->Start(1);
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(p->Reconcile().ok());
  ASSERT_TRUE(p->Reconcile().ok());
  EXPECT_EQ(Ids(*p).size(), 3u);

  // The filters asked EC2 for exactly this cluster's workers that are pending or running.
  const auto describe = fake_.Requests("DescribeInstances").back();
  std::map<std::string, std::string> filters;
  for (int i = 1; describe.count("Filter." + std::to_string(i) + ".Name"); ++i) {
    std::string prefix = "Filter." + std::to_string(i);
    filters[describe.at(prefix + ".Name")] =
        describe.at(prefix + ".Value.1") + (describe.count(prefix + ".Value.2") ? "," + describe.at(prefix + ".Value.2") : "");
  }
  EXPECT_EQ(filters, (std::map<std::string, std::string>{{"tag:jobrec:cluster", "prod"},
                                                         {"tag:jobrec:role", "worker"},
                                                         {"instance-state-name", "pending,running"}}));

  // A restarted autoscaler (a new provisioner) finds the same three and starts nothing twice.
  auto restarted = Make(Options());
  ASSERT_TRUE(restarted->Reconcile().ok());
  EXPECT_EQ(Ids(*restarted), Ids(*p));
}

TEST_F(Ec2ProvisionerTest, AJustLaunchedInstanceCountsBeforeDescribeShowsIt) {
  fake_.HideNewInstances(true);
  auto options = Options();
  options.launch_grace = std::chrono::milliseconds(300);
  auto p = Make(options);
  auto started = p->Start(1);
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(p->Reconcile().ok());
  EXPECT_EQ(Ids(*p), (std::vector<std::string>{(*started)[0].id}));
  // Past the grace and still unknown to EC2: gone (it failed to launch, or was terminated elsewhere).
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  ASSERT_TRUE(p->Reconcile().ok());
  EXPECT_TRUE(Ids(*p).empty());
  fake_.HideNewInstances(false);
  ASSERT_TRUE(p->Reconcile().ok());
  EXPECT_EQ(Ids(*p).size(), 1u);  // adopted once visible
}

TEST_F(Ec2ProvisionerTest, StopTerminatesOnlyItsOwnWorkers) {
  fake_.Seed("i-0othercluster", "running", {{"jobrec:cluster", "staging"}, {"jobrec:role", "worker"}});
  auto p = Make(Options());
  auto started = p->Start(2);
  ASSERT_TRUE(started.ok());
  const std::string victim = (*started)[0].id;
  ASSERT_TRUE(p->Stop(victim).ok());
  ASSERT_TRUE(p->Stop(victim).ok());  // idempotent: one TerminateInstances
  ASSERT_EQ(fake_.Requests("TerminateInstances").size(), 1u);
  EXPECT_EQ(fake_.Requests("TerminateInstances")[0].at("InstanceId.1"), victim);
  EXPECT_EQ(Ids(*p), (std::vector<std::string>{(*started)[1].id}));
  EXPECT_EQ(Ids(*p, true).size(), 2u);  // listed as stopping until EC2 agrees

  ASSERT_TRUE(p->Reconcile().ok());
  EXPECT_EQ(Ids(*p, true), (std::vector<std::string>{(*started)[1].id}));
  EXPECT_EQ(p->Stop("i-0othercluster").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(p->Stop("i-0nonexistent").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(fake_.Requests("TerminateInstances").size(), 1u);
}

TEST_F(Ec2ProvisionerTest, Ec2ErrorsComeBackAndLeaveTheViewAlone) {
  auto p = Make(Options());
  ASSERT_TRUE(p->Start(1).ok());
  ASSERT_TRUE(p->Reconcile().ok());

  fake_.FailNext("RunInstances", "UnauthorizedOperation", 403);
  auto denied = p->Start(2);
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied) << denied.status();
  EXPECT_EQ(Ids(*p).size(), 1u);
  // Capacity runs out after one of two: the one that launched is kept and returned.
  fake_.FailNext("RunInstances", "InsufficientInstanceCapacity", 400, 1, /*skip=*/1);
  auto partly = p->Start(2);
  ASSERT_TRUE(partly.ok()) << partly.status();
  EXPECT_EQ(partly->size(), 1u);
  EXPECT_EQ(Ids(*p).size(), 2u);

  fake_.FailNext("DescribeInstances", "InternalError", 500);
  EXPECT_FALSE(p->Reconcile().ok());
  EXPECT_EQ(Ids(*p).size(), 2u);
  fake_.FailNext("TerminateInstances", "UnauthorizedOperation", 403);
  EXPECT_EQ(p->Stop(Ids(*p)[0]).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Ids(*p).size(), 2u);  // not stopping: the autoscaler will try again
  EXPECT_EQ(p->Start(0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(Ec2ProvisionerTest, RejectsOptionsThatCannotLaunch) {
  EXPECT_EQ(Ec2Provisioner::Create(Api(), {.cluster = "prod"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Ec2Provisioner::Create(Api(), {.cluster = "prod", .launch = {.image_id = "ami-1"}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Ec2Provisioner::Create(Api(), {.cluster = "", .launch = {.launch_template_id = "lt-1"}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Ec2Provisioner::Create(Ec2Api{}, Options()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Ec2Provisioner::Create(Api(), {.cluster = "prod", .launch = {.image_id = "ami-1", .instance_type = "t3.small"}})
                  .ok());
}

}  // namespace
}  // namespace jobrec::tasks
