#include "jobrec/api/response.h"

#include <gtest/gtest.h>

namespace jobrec::api {
namespace {

TEST(ResponseTest, Builders) {
  Response json = Response::Json({{"a", 1}}, 201);
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body, R"({"a":1})");
  Response empty = Response::Empty();
  EXPECT_EQ(empty.status, 204);
  EXPECT_TRUE(empty.body.empty());
  json.SetHeader("ETag", "\"v1\"");
  EXPECT_EQ(json.Header("etag"), "\"v1\"");
}

TEST(SetCookieTest, FormatsAttributes) {
  Cookie session{.name = "session", .value = "abc123", .max_age = std::chrono::hours(24)};
  EXPECT_EQ(*FormatSetCookie(session, true),
            "session=abc123; Path=/; Max-Age=86400; HttpOnly; Secure; SameSite=Lax");
  EXPECT_EQ(*FormatSetCookie(session, false), "session=abc123; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax");
  Cookie readable{.name = "csrf", .value = "t", .http_only = false, .secure = false,
                  .same_site = SameSite::kStrict};
  EXPECT_EQ(*FormatSetCookie(readable, true), "csrf=t; Path=/; SameSite=Strict");
  EXPECT_EQ(*FormatSetCookie(Cookie::Expired("session"), true),
            "session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
}

TEST(SetCookieTest, RejectsWhatWouldCorruptTheHeader) {
  EXPECT_FALSE(FormatSetCookie({.name = "", .value = "v"}, true).ok());
  EXPECT_FALSE(FormatSetCookie({.name = "a b", .value = "v"}, true).ok());
  EXPECT_FALSE(FormatSetCookie({.name = "a", .value = "v; Domain=evil"}, true).ok());
  EXPECT_FALSE(FormatSetCookie({.name = "a", .value = "v\r\nX: y"}, true).ok());
  EXPECT_FALSE(FormatSetCookie({.name = "a", .value = "v", .path = "/;x"}, true).ok());
  EXPECT_FALSE(FormatSetCookie({.name = "a", .value = "v", .same_site = SameSite::kNone}, false).ok());
  EXPECT_TRUE(FormatSetCookie({.name = "a", .value = "v", .same_site = SameSite::kNone}, true).ok());
}

}  // namespace
}  // namespace jobrec::api
