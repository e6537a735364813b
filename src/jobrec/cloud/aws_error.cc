#include "jobrec/cloud/aws_error.h"

#include <initializer_list>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/cloud/xml.h"

namespace jobrec::cloud {
namespace {

constexpr char kCodePayloadUrl[] = "type.jobrec/cloud.AwsErrorCode";

bool IsOneOf(const std::string& code, std::initializer_list<const char*> codes) {
  for (const char* candidate : codes) {
    if (code == candidate) return true;
  }
  return false;
}

absl::StatusCode CodeFor(const AwsError& error) {
  const std::string& code = error.code;
  if (IsThrottlingCode(code) || error.http_status >= 500) return absl::StatusCode::kUnavailable;
  if (IsOneOf(code, {"AuthFailure", "UnauthorizedOperation", "SignatureDoesNotMatch",
                     "IncompleteSignature", "InvalidClientTokenId", "AccessDenied",
                     "AccessDeniedException", "MissingAuthenticationToken", "ExpiredToken",
                     "RequestExpired", "OptInRequired", "Blocked"})) {
    return absl::StatusCode::kPermissionDenied;
  }
  if (absl::StartsWith(code, "NoSuch") || absl::EndsWith(code, "NotFound")) {
    return absl::StatusCode::kNotFound;
  }
  if (IsOneOf(code, {"InsufficientInstanceCapacity", "InstanceLimitExceeded",
                     "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded", "LimitExceeded"})) {
    return absl::StatusCode::kResourceExhausted;
  }
  if (absl::StartsWith(code, "Invalid") || absl::StartsWith(code, "Missing") ||
      IsOneOf(code, {"ValidationError", "MalformedQueryString", "UnknownParameter"})) {
    return absl::StatusCode::kInvalidArgument;
  }
  return absl::StatusCode::kFailedPrecondition;
}

}  // namespace

AwsError ParseAwsError(int http_status, const std::string& body) {
  AwsError error{.http_status = http_status};
  auto root = ParseXml(body);
  if (root.ok()) {
    if (const XmlElement* code = root->Find("Code")) error.code = code->text;
    if (const XmlElement* request_id = root->Find("RequestID")) {
      error.request_id = request_id->text;
    } else if (const XmlElement* request_id = root->Find("RequestId")) {
      error.request_id = request_id->text;
    }
    if (error.code.empty() && !root->Child("Errors") && root->name != "ErrorResponse" &&
        root->name != "Error" && root->name != "Response") {
      // Route 53 names some errors by their root element: <InvalidChangeBatch><Messages>….
      error.code = root->name;
    }
    std::vector<std::string> messages;
    if (const XmlElement* list = root->Find("Messages")) {
      for (const XmlElement* message : list->Children("Message")) messages.push_back(message->text);
    } else if (const XmlElement* message = root->Find("Message")) {
      messages.push_back(message->text);
    }
    error.message = absl::StrJoin(messages, "; ");
  }
  if (error.code.empty() && error.message.empty()) error.message = body.substr(0, 200);
  return error;
}

bool IsThrottlingCode(const std::string& code) {
  return IsOneOf(code, {"RequestLimitExceeded", "Throttling", "ThrottlingException",
                        "ThrottledException", "RequestThrottled", "RequestThrottledException",
                        "TooManyRequestsException", "PriorRequestNotComplete", "SlowDown",
                        "EC2ThrottledException"});
}

absl::Status AwsErrorToStatus(const std::string& service, const AwsError& error) {
  std::string text = absl::StrCat(service, " ", error.code.empty() ? "error" : error.code, ": ",
                                   error.message, " (HTTP ", error.http_status);
  if (!error.request_id.empty()) absl::StrAppend(&text, ", request id ", error.request_id);
  text += ")";
  absl::Status status(CodeFor(error), text);
  if (!error.code.empty()) status.SetPayload(kCodePayloadUrl, absl::Cord(error.code));
  return status;
}

std::string AwsErrorCode(const absl::Status& status) {
  auto payload = status.GetPayload(kCodePayloadUrl);
  return payload ? std::string(*payload) : "";
}

}  // namespace jobrec::cloud
