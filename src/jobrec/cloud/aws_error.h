// AWS error responses: parsing the XML error documents of EC2 (<Response><Errors><Error>) and
// of the REST XML services (<ErrorResponse><Error>, and Route 53's <InvalidChangeBatch>), and
// turning them into a Status that keeps the AWS error code.
//
// Status codes: throttling (RequestLimitExceeded, Throttling, …) and 5xx → Unavailable;
// authentication and authorisation failures → PermissionDenied; *NotFound / NoSuch* →
// NotFound; capacity and quota limits → ResourceExhausted; bad parameters → InvalidArgument;
// any other 4xx → FailedPrecondition.
//
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>

#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct AwsError {
  int http_status = 0;
  std::string code;     // "RequestLimitExceeded"; "" when the body named none
  std::string message;
  std::string request_id;
};

// Reads an error body; when it is not XML or names no code, the error carries the HTTP status
// and the body's first 200 bytes as its message.
AwsError ParseAwsError(int http_status, const std::string& body);

// Codes that mean "slow down": retried with backoff.
bool IsThrottlingCode(const std::string& code);

// "ec2 RequestLimitExceeded: Request limit exceeded. (HTTP 503, request id …)", with the
// code also stored in the status payload for AwsErrorCode().
absl::Status AwsErrorToStatus(const std::string& service, const AwsError& error);

// The AWS error code a status from AwsErrorToStatus carries, or "".
std::string AwsErrorCode(const absl::Status& status);

}  // namespace jobrec::cloud
