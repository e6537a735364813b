#include "jobrec/api/request.h"

#include <gtest/gtest.h>

#include "jobrec/api/http_error.h"
#include "jobrec/api/request_id.h"
#include "jobrec/common/status.h"

namespace jobrec::api {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request request{.method = "POST", .path = "/api/v1/x", .body = std::move(body)};
  request.headers = {{"Content-Type", std::move(content_type)}};
  return request;
}

HttpError ErrorOf(const absl::StatusOr<nlohmann::json>& result) {
  EXPECT_FALSE(result.ok());
  return ToHttpError(result.status());
}

TEST(RequestTest, HeadersAreCaseInsensitive) {
  Request request;
  request.headers = {{"X-Thing", "1"}, {"x-thing", "2"}};
  EXPECT_EQ(request.Header("x-THING"), "1");
  EXPECT_EQ(request.Header("Missing"), std::nullopt);
}

TEST(RequestTest, QueryValues) {
  Request request{.query = {{"tag", "a"}, {"tag", "b"}, {"limit", "20"}, {"bad", "2x"}}};
  EXPECT_EQ(request.Query("tag"), "a");
  EXPECT_EQ(request.QueryAll("tag"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(request.Query("none"), std::nullopt);
  EXPECT_EQ(*request.QueryInt("limit", 10, 1, 100), 20);
  EXPECT_EQ(*request.QueryInt("absent", 10, 1, 100), 10);
  absl::StatusOr<int64_t> bad = request.QueryInt("bad", 10, 1, 100);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(common::FieldOf(bad.status()), "bad");
  EXPECT_FALSE(request.QueryInt("limit", 10, 1, 5).ok());
}

TEST(RequestTest, PathParamOfUndeclaredNameAborts) {
  Request request{.route = "/jobs/{id}", .path_params = {{"id", "7"}}};
  EXPECT_EQ(request.PathParam("id"), "7");
  EXPECT_DEATH(request.PathParam("job_id"), "no path parameter 'job_id'");
}

TEST(RequestTest, Cookies) {
  Request request;
  request.headers = {{"Cookie", "a=1; session=abc.def;  quoted=\"v\""}, {"cookie", "late=2"}};
  EXPECT_EQ(request.CookieValue("session"), "abc.def");
  EXPECT_EQ(request.CookieValue("quoted"), "v");
  EXPECT_EQ(request.CookieValue("late"), "2");
  EXPECT_EQ(request.CookieValue("sess"), std::nullopt);
}

TEST(RequestTest, UserIdIsEmptyWhenAnonymous) {
  Request request;
  EXPECT_EQ(request.user_id(), "");
  request.principal = Principal{.user_id = "u1"};
  EXPECT_EQ(request.user_id(), "u1");
}

TEST(JsonBodyTest, ParsesObjects) {
  auto body = JsonRequest(R"({"a": [1, 2]})").JsonBody();
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ((*body)["a"][1], 2);
  EXPECT_TRUE(JsonRequest("{}", "application/json; charset=utf-8").JsonBody().ok());
  EXPECT_TRUE(JsonRequest("{}", "Application/Merge-Patch+JSON").JsonBody().ok());
}

TEST(JsonBodyTest, WrongContentTypeIs415) {
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "application/jsonp"}) {
    HttpError error = ErrorOf(JsonRequest("{}", type).JsonBody());
    EXPECT_EQ(error.http_status, 415) << type;
    EXPECT_EQ(error.code, "unsupported_media_type");
  }
  Request no_type{.method = "POST", .body = "{}"};
  EXPECT_EQ(ErrorOf(no_type.JsonBody()).http_status, 415);
}

TEST(JsonBodyTest, MalformedJsonNamesTheProblem) {
  HttpError error = ErrorOf(JsonRequest(R"({"a": })").JsonBody());
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.code, "invalid_json");
  EXPECT_NE(error.message.find("line 1, column 7"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("json.exception"), std::string::npos) << error.message;

  EXPECT_EQ(ErrorOf(JsonRequest("").JsonBody()).code, "invalid_json");
  EXPECT_EQ(ErrorOf(JsonRequest("  \n").JsonBody()).code, "invalid_json");
  EXPECT_EQ(ErrorOf(JsonRequest("{\"a\": \"\xff\"}").JsonBody()).code, "invalid_json");
  EXPECT_EQ(ErrorOf(JsonRequest("{} trailing").JsonBody()).code, "invalid_json");
}

TEST(JsonBodyTest, WrongTopLevelType) {
  HttpError error = ErrorOf(JsonRequest("[1]").JsonBody());
  EXPECT_EQ(error.code, "invalid_json");
  EXPECT_EQ(error.message, "expected a JSON object, got array");
  EXPECT_EQ(ErrorOf(JsonRequest("\"s\"").JsonBody()).message, "expected a JSON object, got string");
  EXPECT_TRUE(JsonRequest("[1]").JsonBody(JsonShape::kArray).ok());
  EXPECT_FALSE(JsonRequest("{}").JsonBody(JsonShape::kArray).ok());
  EXPECT_TRUE(JsonRequest("3").JsonBody(JsonShape::kAny).ok());
}

TEST(JsonBodyTest, RejectsDeepNesting) {
  std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(JsonRequest(at_limit).JsonBody(JsonShape::kArray).ok());
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  HttpError error = ErrorOf(JsonRequest(deep).JsonBody(JsonShape::kArray));
  EXPECT_EQ(error.code, "invalid_json");
  EXPECT_NE(error.message.find("deeper than"), std::string::npos);
}

TEST(RequestIdTest, Validation) {
  EXPECT_TRUE(IsValidRequestId("abc-123_X.y"));
  EXPECT_TRUE(IsValidRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId("a b"));
  EXPECT_FALSE(IsValidRequestId("a\r\nSet-Cookie: x=1"));
  EXPECT_FALSE(IsValidRequestId("é"));
}

TEST(RequestIdTest, ChoosesIncomingOrNew) {
  EXPECT_EQ(ChooseRequestId("from-proxy-1"), "from-proxy-1");
  std::string generated = ChooseRequestId("bad id!");
  EXPECT_EQ(generated.size(), 32u);
  EXPECT_TRUE(IsValidRequestId(generated));
  EXPECT_NE(ChooseRequestId(std::nullopt), ChooseRequestId(std::nullopt));
}

}  // namespace
}  // namespace jobrec::api
