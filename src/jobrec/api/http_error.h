// The one mapping from absl::Status to an HTTP error: status code, a stable machine-readable
// error code and the message the client may see. Every error the API sends has the body
//   {"error": {"code": "not_found", "message": "...", "field": "..."}}   (field only when set)
//
// Mapping (absl code → HTTP, error code = the absl code in snake_case):
//   invalid_argument 400, out_of_range 400, unauthenticated 401, permission_denied 403,
//   not_found 404, already_exists 409, aborted 409, failed_precondition 409,
//   resource_exhausted 429, cancelled 499, unimplemented 501, unavailable 503,
//   deadline_exceeded 504, internal / unknown / data_loss 500.
// failed_precondition is 409, not 412: our preconditions are about the state of a resource
// ("profile has no skills yet"), which is a conflict; 412 is reserved for HTTP conditional
// headers (If-Match), which the API does not use.
//
// Messages of 5xx errors are replaced by a generic text (they may carry SQL, hostnames or
// file paths); the caller logs the original. 4xx messages are passed through, so domain code
// must write them for end users.
//
// A status can carry an explicit HTTP status and error code (WithHttpError) for errors that
// have no absl code of their own: invalid_json (400), unsupported_media_type (415),
// payload_too_large (413), method_not_allowed (405), length_required (411).
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "jobrec/api/response.h"

namespace jobrec::api {

struct HttpError {
  int http_status = 500;
  std::string code;     // "not_found", "invalid_json", ...
  std::string message;  // safe to show to the client
  std::string field;    // from common::FieldOf; empty when the status names no field
};

// Attaches an explicit HTTP status and error code to `status` (which must not be OK).
absl::Status WithHttpError(absl::Status status, int http_status, std::string code);

// Maps a non-OK status. An OK status is a caller bug and maps to 500 "internal".
HttpError ToHttpError(const absl::Status& status);

// The JSON error response for `status` (ToHttpError + the body above), with a Retry-After
// header when the status carries a delay (common::RateLimited).
Response ErrorResponse(const absl::Status& status);

// The error response for a status code httplib produced on its own (400 for a malformed
// request, 413, 414, ...), with a generic message.
Response ErrorResponseForHttpStatus(int http_status);

}  // namespace jobrec::api
