#include "jobrec/api/http_error.h"

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "jobrec/common/status.h"

namespace jobrec::api {
namespace {

constexpr char kHttpStatusPayload[] = "jobrec.dev/http_status";
constexpr char kHttpCodePayload[] = "jobrec.dev/http_code";

struct Mapping {
  int http_status;
  const char* code;
};

Mapping MapCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument: return {400, "invalid_argument"};
    case absl::StatusCode::kOutOfRange: return {400, "out_of_range"};
    case absl::StatusCode::kUnauthenticated: return {401, "unauthenticated"};
    case absl::StatusCode::kPermissionDenied: return {403, "permission_denied"};
    case absl::StatusCode::kNotFound: return {404, "not_found"};
    case absl::StatusCode::kAlreadyExists: return {409, "already_exists"};
    case absl::StatusCode::kAborted: return {409, "aborted"};
    case absl::StatusCode::kFailedPrecondition: return {409, "failed_precondition"};
    case absl::StatusCode::kResourceExhausted: return {429, "resource_exhausted"};
    case absl::StatusCode::kCancelled: return {499, "cancelled"};
    case absl::StatusCode::kUnimplemented: return {501, "unimplemented"};
    case absl::StatusCode::kUnavailable: return {503, "unavailable"};
    case absl::StatusCode::kDeadlineExceeded: return {504, "deadline_exceeded"};
    case absl::StatusCode::kOk:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kInternal:
    default: return {500, "internal"};
  }
}

std::string GenericMessage(int http_status) {
  switch (http_status) {
    case 400: return "malformed HTTP request";
    case 404: return "no such resource";
    case 405: return "method not allowed";
    case 411: return "a request body needs a Content-Length header";
    case 413: return "request body too large";
    case 414: return "request URI too long";
    case 501: return "not implemented";
    case 503: return "service temporarily unavailable";
    case 504: return "request timed out";
    default: return http_status >= 500 ? "internal error" : "request failed";
  }
}

std::string CodeForHttpStatus(int http_status) {
  switch (http_status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 411: return "length_required";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    default: return http_status >= 500 ? "internal" : "bad_request";
  }
}

}  // namespace

absl::Status WithHttpError(absl::Status status, int http_status, std::string code) {
  status.SetPayload(kHttpStatusPayload, absl::Cord(std::to_string(http_status)));
  status.SetPayload(kHttpCodePayload, absl::Cord(code));
  return status;
}

HttpError ToHttpError(const absl::Status& status) {
  Mapping mapping = MapCode(status.code());
  HttpError error{.http_status = mapping.http_status, .code = mapping.code};
  if (auto explicit_status = status.GetPayload(kHttpStatusPayload)) {
    int value = 0;
    if (absl::SimpleAtoi(std::string(*explicit_status), &value) && value >= 400 && value <= 599) {
      error.http_status = value;
    }
  }
  if (auto explicit_code = status.GetPayload(kHttpCodePayload)) error.code = std::string(*explicit_code);
  if (status.ok()) {
    error = {.http_status = 500, .code = "internal"};
  }
  error.message = error.http_status >= 500 ? GenericMessage(error.http_status)
                                           : std::string(status.message());
  if (error.http_status < 500) error.field = common::FieldOf(status);
  return error;
}

Response ErrorResponse(const absl::Status& status) {
  HttpError error = ToHttpError(status);
  nlohmann::json body = {{"code", error.code}, {"message", error.message}};
  if (!error.field.empty()) body["field"] = error.field;
  Response response = Response::Json({{"error", std::move(body)}}, error.http_status);
  if (int retry_after = common::RetryAfterOf(status); retry_after > 0) {
    response.SetHeader("Retry-After", std::to_string(retry_after));
  }
  return response;
}

Response ErrorResponseForHttpStatus(int http_status) {
  return ErrorResponse(WithHttpError(absl::UnknownError(GenericMessage(http_status)), http_status,
                                     CodeForHttpStatus(http_status)));
}

}  // namespace jobrec::api
