// The fixture of the recommendation and feedback integration tests (rank_recommendations_test.cc,
// reviews_api_test.cc, feedback_api_test.cc, ranker_wiring_test.cc): 30 postings in three
// unrelated groups synced into a fresh database, a tiny fastText model warmed up on them, and
// the real router with the auth, profile, recommendation, review and feedback routes, driven
// with bearer or cookie sessions.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/api/router.h"
#include "jobrec/auth/auth_service.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/rank/fasttext_service.h"
#include "tests/ingest_test_support.h"

namespace jobrec::testing {

class FeedbackApiTest : public IngestTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Groups: "Kubernetes Platform Engineer" (external ids 0-0..0-9), "Pastry Chef" (1-*),
  // "Registered Nurse" (2-*). Even postings remote in Berlin, odd ones onsite in Austin;
  // posting i of a group is i*10 days old (ThreeGroupsScript, ingest_test_support.h).
  void LoadPostings(bool with_salaries);
  // LoadPostings without salaries, then warms the engine up.
  void LoadPostingsAndWarmUp();
  int64_t PostingId(const std::string& external_id);

  // Signs up and logs in; returns the bearer token.
  std::string SignedIn(const std::string& email);
  api::Response Call(const std::string& token, const std::string& method, const std::string& path,
                     std::multimap<std::string, std::string> query = {},
                     const nlohmann::json& body = nullptr);
  // As a browser: the session cookie, and the CSRF header only when `with_csrf`.
  api::Response CallWithCookie(const std::string& token, const std::string& method, const std::string& path,
                               const nlohmann::json& body, bool with_csrf);
  void PutKubernetesProfile(const std::string& token);
  // SignedIn, then PutKubernetesProfile; returns the bearer token.
  std::string KubernetesUser(const std::string& email);
  // GET /api/v1/recommendations (remote=any, limit=100 unless given): the external ids in order.
  std::vector<std::string> Recommended(const std::string& token,
                                       std::multimap<std::string, std::string> query = {});
  api::Response PutReview(const std::string& token, const std::string& external_id,
                          const nlohmann::json& review);

  api::Router& router() { return *router_; }
  rank::FastTextService& fasttext() { return *fasttext_; }
  const std::string& models_dir() const { return models_->path(); }

 private:
  std::unique_ptr<embed::testing::ScratchDir> models_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<rank::FastTextService> fasttext_;
  std::unique_ptr<api::Router> router_;
  std::map<std::string, std::string> csrf_by_token_;
};

}  // namespace jobrec::testing
