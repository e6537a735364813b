#include "jobrec/api/http_error.h"

#include <gtest/gtest.h>

#include "jobrec/common/status.h"

namespace jobrec::api {
namespace {

struct MappingCase {
  absl::Status status;
  int http_status;
  std::string code;
};

class StatusMappingTest : public ::testing::TestWithParam<MappingCase> {};

TEST_P(StatusMappingTest, MapsCodeToHttpStatusAndErrorCode) {
  HttpError error = ToHttpError(GetParam().status);
  EXPECT_EQ(error.http_status, GetParam().http_status);
  EXPECT_EQ(error.code, GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(
    Table, StatusMappingTest,
    ::testing::Values(MappingCase{absl::InvalidArgumentError("x"), 400, "invalid_argument"},
                      MappingCase{absl::OutOfRangeError("x"), 400, "out_of_range"},
                      MappingCase{absl::UnauthenticatedError("x"), 401, "unauthenticated"},
                      MappingCase{absl::PermissionDeniedError("x"), 403, "permission_denied"},
                      MappingCase{absl::NotFoundError("x"), 404, "not_found"},
                      MappingCase{absl::AlreadyExistsError("x"), 409, "already_exists"},
                      MappingCase{absl::AbortedError("x"), 409, "aborted"},
                      MappingCase{absl::FailedPreconditionError("x"), 409, "failed_precondition"},
                      MappingCase{absl::ResourceExhaustedError("x"), 429, "resource_exhausted"},
                      MappingCase{absl::CancelledError("x"), 499, "cancelled"},
                      MappingCase{absl::UnimplementedError("x"), 501, "unimplemented"},
                      MappingCase{absl::UnavailableError("x"), 503, "unavailable"},
                      MappingCase{absl::DeadlineExceededError("x"), 504, "deadline_exceeded"},
                      MappingCase{absl::InternalError("x"), 500, "internal"},
                      MappingCase{absl::UnknownError("x"), 500, "internal"},
                      MappingCase{absl::DataLossError("x"), 500, "internal"}));

TEST(HttpErrorTest, ClientErrorsKeepMessageAndField) {
  HttpError error = ToHttpError(common::InvalidField("technical_skills[2].weight", "must be 1 to 5"));
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.message, "must be 1 to 5");
  EXPECT_EQ(error.field, "technical_skills[2].weight");
}

TEST(HttpErrorTest, ServerErrorsHideTheirMessage) {
  HttpError error = ToHttpError(absl::InternalError("pq: password authentication failed for jobrec"));
  EXPECT_EQ(error.http_status, 500);
  EXPECT_EQ(error.message.find("password"), std::string::npos);
  HttpError unavailable = ToHttpError(absl::UnavailableError("connect to 10.0.0.5:5432 refused"));
  EXPECT_EQ(unavailable.message.find("10.0.0.5"), std::string::npos);
}

TEST(HttpErrorTest, OkStatusIsAnInternalError) {
  EXPECT_EQ(ToHttpError(absl::OkStatus()).http_status, 500);
}

TEST(HttpErrorTest, ExplicitHttpErrorOverridesTheMapping) {
  HttpError error = ToHttpError(
      WithHttpError(absl::InvalidArgumentError("Content-Type must be application/json"), 415,
                    "unsupported_media_type"));
  EXPECT_EQ(error.http_status, 415);
  EXPECT_EQ(error.code, "unsupported_media_type");
  EXPECT_EQ(error.message, "Content-Type must be application/json");
}

TEST(HttpErrorTest, ErrorResponseHasTheDocumentedBody) {
  Response response = ErrorResponse(common::InvalidField("email", "not an email address"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_EQ(body["error"]["message"], "not an email address");
  EXPECT_EQ(body["error"]["field"], "email");

  auto no_field = nlohmann::json::parse(ErrorResponse(absl::NotFoundError("no such job")).body);
  EXPECT_FALSE(no_field["error"].contains("field"));
}

TEST(HttpErrorTest, LibraryStatusesGetJsonBodies) {
  Response too_large = ErrorResponseForHttpStatus(413);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(nlohmann::json::parse(too_large.body)["error"]["code"], "payload_too_large");
  EXPECT_EQ(nlohmann::json::parse(ErrorResponseForHttpStatus(400).body)["error"]["code"], "bad_request");
}

}  // namespace
}  // namespace jobrec::api

namespace jobrec::api {
namespace {

TEST(HttpErrorTest, RateLimitedAnswers429WithRetryAfter) {
  Response response = ErrorResponse(common::RateLimited("too many attempts", 17));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.Header("Retry-After"), "17");
  EXPECT_FALSE(ErrorResponse(absl::ResourceExhaustedError("x")).Header("Retry-After").has_value());
}

}  // namespace
}  // namespace jobrec::api
