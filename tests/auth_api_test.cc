// Accounts, sessions, CSRF, rate limits, password reset by mail and profiles, through the real
// router, guards and handlers against a real PostgreSQL (only the socket layer is skipped:
// api/server_test.cc covers it). The SMTP path talks to a real local SMTP server (aiosmtpd).
#include <dirent.h>

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "jobrec/api/auth_routes.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/router.h"
#include "jobrec/common/log.h"
#include "support/child_process.h"
#include "support/test_database.h"

namespace jobrec {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "tangerine-orbit-42";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A browser-ish client: keeps the cookies the server sets and sends them back.
class Client {
 public:
  explicit Client(const api::Router& router, std::string ip = "192.0.2.1") : router_(router), ip_(std::move(ip)) {}

  api::Response Send(const std::string& method, const std::string& path, const json& body = nullptr,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    api::Request request;
    request.method = method;
    request.path = path;
    request.remote_addr = ip_;
    request.headers = std::move(headers);
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.emplace_back("Content-Type", "application/json");
    }
    std::string cookie_header;
    for (const auto& [name, value] : cookies_) cookie_header += name + "=" + value + "; ";
    if (!cookie_header.empty()) request.headers.emplace_back("Cookie", cookie_header);
    api::Response response = router_.Dispatch(request);
    for (const auto& cookie : response.cookies) {
      if (cookie.max_age && cookie.max_age->count() == 0) cookies_.erase(cookie.name);
      else cookies_[cookie.name] = cookie.value;
    }
    return response;
  }
  // A state-changing request from our own page: with the CSRF header.
  api::Response SendWithCsrf(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Send(method, path, body, {{"X-CSRF-Token", cookies_[api::kCsrfCookie]}});
  }
  std::map<std::string, std::string>& cookies() { return cookies_; }

 private:
  const api::Router& router_;
  std::string ip_;
  std::map<std::string, std::string> cookies_;
};

json Body(const api::Response& response) { return json::parse(response.body); }

class AuthApiTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    log_path_ = ::testing::TempDir() + "/auth_api_test_" + std::to_string(getpid()) + ".log";
    std::remove(log_path_.c_str());
    log::InitToFile(log_path_, log::Format::kJson, log::Level::kDebug);
    DatabaseTest::SetUp();
  }
  void TearDown() override {
    // Whatever the test did, no password or token it used may appear in the log.
    std::string log = ReadFile(log_path_);
    for (const auto& secret : secrets_) {
      EXPECT_EQ(log.find(secret), std::string::npos) << "a secret appears in the log";
    }
    router_.reset();
    service_.reset();
    DatabaseTest::TearDown();
    log::Init(log::Format::kText, log::Level::kInfo);
  }

  void Start(auth::AuthOptions options = {}, auth::SmtpOptions smtp = {}) {
    service_ = std::make_unique<auth::AuthService>(db(), options, auth::NewMailer(smtp));
    router_ = std::make_unique<api::Router>(api::SessionGuards(*service_));
    api::AddAuthRoutes(*router_, *service_);
    api::AddProfileRoutes(*router_, db());
  }

  // Signs up and logs in `email`; returns the client holding the session cookies.
  Client SignedIn(const std::string& email, std::string ip = "192.0.2.1") {
    Client client(*router_, std::move(ip));
    EXPECT_EQ(client.Send("POST", "/api/v1/auth/signup", {{"email", email}, {"password", kPassword}}).status, 201);
    auto login = client.Send("POST", "/api/v1/auth/login", {{"email", email}, {"password", kPassword}});
    EXPECT_EQ(login.status, 200) << login.body;
    secrets_.push_back(Body(login)["access_token"]);
    secrets_.push_back(Body(login)["csrf_token"]);
    return client;
  }

  std::string log_path_;
  std::vector<std::string> secrets_ = {kPassword};
  std::unique_ptr<auth::AuthService> service_;
  std::unique_ptr<api::Router> router_;
};

TEST_F(AuthApiTest, SignupLoginMeLogout) {
  Start();
  Client client(*router_);
  auto signup = client.Send("POST", "/api/v1/auth/signup", {{"email", " Alice@Example.ORG "}, {"password", kPassword}});
  ASSERT_EQ(signup.status, 201) << signup.body;
  EXPECT_EQ(Body(signup)["user"]["email"], "Alice@example.org");
  EXPECT_EQ(client.Send("GET", "/api/v1/me").status, 401);

  auto login = client.Send("POST", "/api/v1/auth/login", {{"email", "alice@example.org"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  json body = Body(login);
  EXPECT_EQ(body["access_token"].get<std::string>().size(), 43u);
  EXPECT_EQ(client.cookies()[api::kSessionCookie], body["access_token"]);
  for (const auto& cookie : login.cookies) {
    EXPECT_EQ(cookie.http_only, cookie.name == api::kSessionCookie) << cookie.name;
    EXPECT_EQ(cookie.same_site, api::SameSite::kLax);
  }
  auto me = client.Send("GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Body(me)["user"]["email"], "Alice@example.org");

  // The same token as a bearer token, from a client without cookies.
  Client bearer(*router_);
  EXPECT_EQ(bearer.Send("GET", "/api/v1/me", nullptr, {{"Authorization", "Bearer " + body["access_token"].get<std::string>()}}).status, 200);
  EXPECT_EQ(bearer.Send("GET", "/api/v1/me", nullptr, {{"Authorization", "Bearer not-a-token"}}).status, 401);
  EXPECT_EQ(bearer.Send("GET", "/api/v1/me", nullptr, {{"Authorization", "Basic abc"}}).status, 401);

  EXPECT_EQ(client.SendWithCsrf("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(client.Send("GET", "/api/v1/me").status, 401);
  // Logout revoked the session: the bearer form of the token is dead too.
  EXPECT_EQ(bearer.Send("GET", "/api/v1/me", nullptr, {{"Authorization", "Bearer " + body["access_token"].get<std::string>()}}).status, 401);
  // Stored password is an argon2id hash.
  EXPECT_EQ(test_db().QueryValue("SELECT substr(password_hash, 1, 10) FROM users"), "$argon2id$");
  secrets_.push_back(body["access_token"]);
}

TEST_F(AuthApiTest, SignupRejectsDuplicatesWeakPasswordsAndBadEmails) {
  Start();
  Client client(*router_);
  ASSERT_EQ(client.Send("POST", "/api/v1/auth/signup", {{"email", "bob@example.org"}, {"password", kPassword}}).status, 201);
  auto duplicate = client.Send("POST", "/api/v1/auth/signup", {{"email", "BOB@example.org"}, {"password", kPassword}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(Body(duplicate)["error"]["field"], "email");
  for (const std::string& weak : {"short", "password123", "1234567890", "qwertyuiop"}) {
    auto response = client.Send("POST", "/api/v1/auth/signup", {{"email", "carol@example.org"}, {"password", weak}});
    EXPECT_EQ(response.status, 400) << weak;
    EXPECT_EQ(Body(response)["error"]["field"], "password") << weak;
  }
  auto bad_email = client.Send("POST", "/api/v1/auth/signup", {{"email", "carol"}, {"password", kPassword}});
  EXPECT_EQ(bad_email.status, 400);
  EXPECT_EQ(Body(bad_email)["error"]["field"], "email");
  auto missing = client.Send("POST", "/api/v1/auth/signup", {{"email", "carol@example.org"}});
  EXPECT_EQ(Body(missing)["error"]["field"], "password");
  EXPECT_EQ(client.Send("POST", "/api/v1/auth/signup", json::array()).status, 400);
}

TEST_F(AuthApiTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  Start();
  SignedIn("dave@example.org");
  Client client(*router_);
  auto wrong = client.Send("POST", "/api/v1/auth/login", {{"email", "dave@example.org"}, {"password", "not-the-password"}});
  auto unknown = client.Send("POST", "/api/v1/auth/login", {{"email", "nobody@example.org"}, {"password", "not-the-password"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(Body(wrong)["error"]["message"], Body(unknown)["error"]["message"]);
  EXPECT_TRUE(client.cookies().empty());
}

TEST_F(AuthApiTest, ExpiredAndRevokedSessionsAreRejected) {
  Start();
  Client client = SignedIn("uma@example.org");
  ASSERT_EQ(client.Send("GET", "/api/v1/me").status, 200);
  test_db().Exec("UPDATE sessions SET expires_at = now() - interval '1 second'");
  auto expired = client.Send("GET", "/api/v1/me");
  EXPECT_EQ(expired.status, 401);
  Client again = SignedIn("uma2@example.org");
  test_db().Exec("UPDATE sessions SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE email = 'uma2@example.org')");
  EXPECT_EQ(again.Send("GET", "/api/v1/me").status, 401);
}

TEST_F(AuthApiTest, SessionsSlideWhenUsed) {
  Start();
  Client client = SignedIn("sam@example.org");
  test_db().Exec("UPDATE sessions SET expires_at = now() + interval '1 minute', last_seen_at = now() - interval '2 minutes'");
  ASSERT_EQ(client.Send("GET", "/api/v1/me").status, 200);
  EXPECT_GT(test_db().QueryInt("SELECT extract(epoch FROM expires_at - now())::bigint FROM sessions"), 86400);
}

TEST_F(AuthApiTest, CookieSessionsNeedTheCsrfTokenBearerRequestsDoNot) {
  Start();
  Client client = SignedIn("fay@example.org");
  json profile = {{"job_titles", {"Nurse"}}};
  auto without = client.Send("PUT", "/api/v1/profile", profile);
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(Body(without)["error"]["code"], "permission_denied");
  auto wrong = client.Send("PUT", "/api/v1/profile", profile, {{"X-CSRF-Token", "forged"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(client.Send("POST", "/api/v1/auth/logout").status, 403);
  EXPECT_EQ(client.SendWithCsrf("PUT", "/api/v1/profile", profile).status, 200);
  // Reads need no token.
  EXPECT_EQ(client.Send("GET", "/api/v1/profile").status, 200);
  // A bearer client (no cookie) needs none.
  Client bearer(*router_);
  auto token = client.cookies()[api::kSessionCookie];
  EXPECT_EQ(bearer.Send("PUT", "/api/v1/profile", profile, {{"Authorization", "Bearer " + token}}).status, 200);
}

TEST_F(AuthApiTest, LoginAndSignupAreRateLimitedPerIpAndPerAccount) {
  auth::AuthOptions options;
  options.login_per_ip = {5, std::chrono::seconds(600)};
  options.login_per_account = {3, std::chrono::seconds(600)};
  options.signup_per_ip = {2, std::chrono::seconds(600)};
  Start(options);
  Client client(*router_, "198.51.100.7");
  EXPECT_EQ(client.Send("POST", "/api/v1/auth/signup", {{"email", "g1@example.org"}, {"password", kPassword}}).status, 201);
  EXPECT_EQ(client.Send("POST", "/api/v1/auth/signup", {{"email", "g2@example.org"}, {"password", kPassword}}).status, 201);
  auto third = client.Send("POST", "/api/v1/auth/signup", {{"email", "g3@example.org"}, {"password", kPassword}});
  EXPECT_EQ(third.status, 429);
  ASSERT_TRUE(third.Header("Retry-After").has_value());
  EXPECT_GT(std::stoi(*third.Header("Retry-After")), 0);

  // Per account: the 4th try on g1 is refused even from other addresses.
  for (int i = 0; i < 3; ++i) {
    Client other(*router_, "203.0.113." + std::to_string(i));
    EXPECT_EQ(other.Send("POST", "/api/v1/auth/login", {{"email", "g1@example.org"}, {"password", "wrong-password"}}).status, 401);
  }
  Client fourth(*router_, "203.0.113.99");
  EXPECT_EQ(fourth.Send("POST", "/api/v1/auth/login", {{"email", "g1@example.org"}, {"password", kPassword}}).status, 429);
  // Per IP: five attempts on different accounts, then 429.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client.Send("POST", "/api/v1/auth/login", {{"email", "x" + std::to_string(i) + "@example.org"}, {"password", "whatever-123"}}).status, 401);
  }
  EXPECT_EQ(client.Send("POST", "/api/v1/auth/login", {{"email", "g2@example.org"}, {"password", kPassword}}).status, 429);
  // The counters live in PostgreSQL, so another API replica (another service) sees them too.
  auto replica = std::make_unique<auth::AuthService>(db(), options, auth::NewMailer({}));
  auto status = replica->Login("g2@example.org", kPassword, "198.51.100.7");
  EXPECT_TRUE(absl::IsResourceExhausted(status.status())) << status.status();
}

TEST_F(AuthApiTest, PasswordResetThroughARealSmtpServer) {
  std::string maildir = ::testing::TempDir() + "/maildir_" + std::to_string(getpid());
  int port = 20000 + getpid() % 20000;
  testing::ChildProcess smtp({"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port),
                              "-c", "aiosmtpd.handlers.Mailbox", maildir},
                             {});
  ASSERT_TRUE(testing::WaitUntil([&] {
    std::string probe = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port) + "' 2>/dev/null";
    return system(probe.c_str()) == 0;
  }, std::chrono::seconds(15))) << smtp.Output();
  auth::SmtpOptions smtp_options;
  smtp_options.url = "smtp://127.0.0.1:" + std::to_string(port);
  smtp_options.from = "jobrec@example.org";
  Start({}, smtp_options);
  Client client = SignedIn("hana@example.org");

  Client anonymous(*router_);
  EXPECT_EQ(anonymous.Send("POST", "/api/v1/auth/password-reset", {{"email", "hana@example.org"}}).status, 202);
  // Unknown accounts get the same answer and no mail.
  EXPECT_EQ(anonymous.Send("POST", "/api/v1/auth/password-reset", {{"email", "nobody@example.org"}}).status, 202);

  std::string mail;
  ASSERT_TRUE(testing::WaitUntil([&] {
    DIR* dir = opendir((maildir + "/new").c_str());
    if (!dir) return false;
    int files = 0;
    while (dirent* entry = readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      ++files;
      mail = ReadFile(maildir + "/new/" + entry->d_name);
    }
    closedir(dir);
    return files == 1;
  }, std::chrono::seconds(10)));
  EXPECT_NE(mail.find("X-RcptTo: hana@example.org"), std::string::npos) << mail;
  auto at = mail.find("reset-password?token=");
  ASSERT_NE(at, std::string::npos) << mail;
  std::string token = mail.substr(at + 21, 43);
  secrets_.push_back(token);

  auto weak = anonymous.Send("POST", "/api/v1/auth/password-reset/confirm", {{"token", token}, {"password", "short"}});
  EXPECT_EQ(Body(weak)["error"]["field"], "password");
  const std::string new_password = "marmalade-comet-77";
  secrets_.push_back(new_password);
  EXPECT_EQ(anonymous.Send("POST", "/api/v1/auth/password-reset/confirm", {{"token", token}, {"password", new_password}}).status, 204);
  // Single use.
  auto reused = anonymous.Send("POST", "/api/v1/auth/password-reset/confirm", {{"token", token}, {"password", "another-pass-99"}});
  EXPECT_EQ(reused.status, 400);
  EXPECT_EQ(Body(reused)["error"]["field"], "token");
  // The reset revoked the old session; the new password works, the old does not.
  EXPECT_EQ(client.Send("GET", "/api/v1/me").status, 401);
  EXPECT_EQ(anonymous.Send("POST", "/api/v1/auth/login", {{"email", "hana@example.org"}, {"password", kPassword}}).status, 401);
  EXPECT_EQ(anonymous.Send("POST", "/api/v1/auth/login", {{"email", "hana@example.org"}, {"password", new_password}}).status, 200);
}

TEST_F(AuthApiTest, ExpiredResetTokensAreRefused) {
  Start();  // no SMTP: the log mailer writes the link to the log, where the test reads it
  SignedIn("ivan@example.org");
  ASSERT_TRUE(service_->RequestPasswordReset("ivan@example.org", "192.0.2.9").ok());
  std::string log = ReadFile(log_path_);
  auto at = log.find("reset-password?token=");
  ASSERT_NE(at, std::string::npos) << log;
  std::string token = log.substr(at + 21, 43);
  test_db().Exec("UPDATE password_resets SET expires_at = now() - interval '1 second'");
  auto status = service_->ConfirmPasswordReset(token, "marmalade-comet-77");
  EXPECT_EQ(common::FieldOf(status), "token");
}

TEST_F(AuthApiTest, ProfileValidationAndVersionBump) {
  Start();
  Client client = SignedIn("jo@example.org");
  EXPECT_EQ(client.Send("GET", "/api/v1/profile").status, 404);
  json profile = json::parse(R"({"job_titles": ["Data Scientist"], "ideal_job": "Applied ML",
    "sectors": ["ICT & Digital"], "technical_skills": [{"name": "Python", "weight": 60}, {"name": "SQL", "weight": 40}],
    "general_skills": [{"category": "Cognitive & Technical", "weight": 100}], "education": "Master",
    "experience": "3-5 years", "locations": ["Lyon, France"], "remote": "hybrid",
    "min_salary": {"amount": 50000, "currency": "EUR", "period": "year"}, "languages": ["fr", "en"]})");
  auto first = client.SendWithCsrf("PUT", "/api/v1/profile", profile);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Body(first)["version"], 1);
  profile["job_titles"].push_back("ML Engineer");
  auto second = client.SendWithCsrf("PUT", "/api/v1/profile", profile);
  EXPECT_EQ(Body(second)["version"], 2);
  auto got = client.Send("GET", "/api/v1/profile");
  EXPECT_EQ(Body(got)["version"], 2);
  EXPECT_EQ(Body(got)["profile"]["job_titles"].size(), 2u);

  struct Bad {
    std::string path;
    json value;
    std::string field;
  };
  for (const auto& bad : std::vector<Bad>{
           {"/job_titles", json::array(), "job_titles"},
           {"/ideal_job", std::string(5001, 'x'), "ideal_job"},
           {"/sectors", {"Space"}, "sectors[0]"},
           {"/technical_skills/0/weight", 55, "technical_skills[0].weight"},
           {"/technical_skills/1/weight", 30, "technical_skills"},
           {"/general_skills/0/category", "Charm", "general_skills[0].category"},
           {"/education", "College", "education"},
           {"/experience", "forever", "experience"},
           {"/locations", {""}, "locations[0]"},
           {"/remote", "sometimes", "remote"},
           {"/min_salary/currency", "EURO", "min_salary.currency"},
           {"/languages", {"xx"}, "languages[0]"},
       }) {
    json body = profile;
    body[json::json_pointer(bad.path)] = bad.value;
    auto response = client.SendWithCsrf("PUT", "/api/v1/profile", body);
    EXPECT_EQ(response.status, 400) << bad.path;
    EXPECT_EQ(Body(response)["error"]["field"], bad.field) << bad.path << " " << response.body;
  }
  EXPECT_EQ(Body(client.Send("GET", "/api/v1/profile"))["version"], 2) << "invalid saves change nothing";
  EXPECT_EQ(client.Send("PUT", "/api/v1/profile", nullptr, {{"X-CSRF-Token", client.cookies()[api::kCsrfCookie]}}).status, 415);
}

TEST_F(AuthApiTest, NoTokenOrPasswordAppearsInTheLog) {
  Start();
  Client client = SignedIn("kim@example.org");
  client.SendWithCsrf("PUT", "/api/v1/profile", {{"job_titles", {"Baker"}}});
  client.Send("POST", "/api/v1/auth/login", {{"email", "kim@example.org"}, {"password", "wrong-password-1"}});
  client.SendWithCsrf("POST", "/api/v1/auth/logout");
  secrets_.push_back("wrong-password-1");
  // TearDown checks the secrets; here, that the log it reads is the one the requests wrote.
  std::string log = ReadFile(log_path_);
  EXPECT_NE(log.find("\"event\":\"login\""), std::string::npos);
  EXPECT_NE(log.find("\"event\":\"logout\""), std::string::npos);
}

}  // namespace
}  // namespace jobrec
