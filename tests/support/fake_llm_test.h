// A fixture for tests of the LLM's tasks and routes, over `Base` (DatabaseTest or a fixture
// derived from it): the fake LLM server (llm/testing/fake_llm_server.h) answering with Reply,
// a task queue, the user "alice@example.com" (user_), and the router and task handlers each
// test builds from an LLM runtime over the fake server. Requests sign in with the X-Test-User
// header (header_authenticator.h). Header-only, for tests that link jobrec::api, jobrec::tasks
// and jobrec::llm_testing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jobrec/api/router.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_handler_registry.h"
#include "tests/support/api_requests.h"
#include "tests/support/header_authenticator.h"
#include "tests/support/run_next_task.h"
#include "tests/support/test_users.h"

namespace jobrec::testing {

// The profile the LLM tests save: a Data Engineer (Python 60, SQL 40) who wants `ideal_job`.
inline nlohmann::json DataEngineerProfile(const std::string& ideal_job) {
  return {{"job_titles", {"Data Engineer"}},
          {"ideal_job", ideal_job},
          {"technical_skills", {{{"name", "Python"}, {"weight", 60}}, {{"name", "SQL"}, {"weight", 40}}}}};
}

template <typename Base>
class FakeLlmTest : public Base {
 protected:
  void SetUp() override {
    Base::SetUp();
    auto server = llm::testing::FakeLlmServer::Start(
        [this](const llm::testing::RecordedRequest& request, int index) { return Reply(request, index); });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    queue_ = std::make_unique<store::TaskQueue>(this->db(), 5);
    user_ = AddTestUser(this->test_db(), "alice@example.com");
  }
  void TearDown() override {
    router_.reset();
    server_.reset();
    Base::TearDown();
  }

  // The fake server's answer to its `index`-th request; runs on the server's threads.
  virtual llm::testing::FakeResponse Reply(const llm::testing::RecordedRequest& request, int index) const = 0;

  // The OpenAI-compatible provider at the fake server.
  llm::LlmOptions ServerOptions() const { return llm::testing::TestOptions("openai", server_->BaseUrl()); }
  // A runtime with `options` (two attempts per call) or, unless `configured`, the runtime of no
  // LLM settings (its error).
  static absl::StatusOr<llm::LlmRuntime> Runtime(const llm::LlmOptions& options, bool configured) {
    return configured ? llm::NewLlmRuntime(options, llm::testing::FastHttpClient(2))
                      : llm::NewLlmRuntime(llm::LlmOptions{});
  }
  // A router without routes that signs in by X-Test-User, and an empty task handler registry,
  // in place of those built before.
  void NewRouterAndRegistry() {
    router_ = std::make_unique<api::Router>(api::Guards{.authenticator = std::make_shared<HeaderAuthenticator>()});
    registry_ = std::make_unique<tasks::TaskHandlerRegistry>();
  }

  // Through router_ as `user` ("7", "7 admin"; empty: user_).
  api::Response Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                     std::string user = "", std::multimap<std::string, std::string> query = {}) {
    const std::string as = user.empty() ? std::to_string(user_) : user;
    api::Request request = JsonRequest(method, path, {{"X-Test-User", as}}, body, std::move(query));
    return router_->Dispatch(request);
  }

  // Claims the next queued task and runs its handler from registry_ here; the handler's status,
  // NotFound when none is queued.
  absl::Status RunNextTask() { return testing::RunNextTask(*queue_, *registry_); }

  std::unique_ptr<llm::testing::FakeLlmServer> server_;
  std::unique_ptr<store::TaskQueue> queue_;
  std::unique_ptr<api::Router> router_;
  std::unique_ptr<tasks::TaskHandlerRegistry> registry_;
  int64_t user_ = 0;
};

}  // namespace jobrec::testing
