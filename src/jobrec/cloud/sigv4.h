// AWS Signature Version 4 for request headers ("AWS4-HMAC-SHA256"): canonical request, string
// to sign, signing key (HMAC-SHA256 chain over date, region, service) and the Authorization
// header. Checked against AWS's published SigV4 test suite and against botocore.
//
// The request's URL is taken as it goes on the wire: its path and query are already
// percent-encoded where needed. For every service but S3 the canonical path is that path
// normalised (dot segments and empty segments removed) and percent-encoded once more, as AWS
// specifies; S3 uses the path as is. Query parameters are decoded and re-encoded with AWS's
// rules ("+" is a literal plus), then sorted by name and value.
//
// Every header of the request is signed except Authorization, User-Agent, Expect and
// X-Amzn-Trace-Id (which proxies and libraries may change); Host is signed from the URL when the
// request has none. The payload hash is SHA-256 of the body, or the value of an
// X-Amz-Content-SHA256 header the caller set.
//
// Thread-safety: stateless functions.
#pragma once

#include <chrono>
#include <string>

#include "jobrec/cloud/credentials.h"
#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct SigningParams {
  std::string region;   // "us-east-1"
  std::string service;  // "ec2", "route53", "s3"
  std::chrono::system_clock::time_point time;
};

// What the signature was computed from, for tests and for debugging a SignatureDoesNotMatch.
struct SignatureParts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string authorization;
};

// Sets X-Amz-Date (and X-Amz-Security-Token for session credentials), replacing any present,
// then adds the Authorization header. InvalidArgument when the URL is not absolute
// http(s), or the credentials or params are incomplete.
absl::StatusOr<SignatureParts> SignRequest(common::HttpRequest& request,
                                           const AwsCredentials& credentials,
                                           const SigningParams& params);

// "20150830T123600Z" for a time; and back (InvalidArgument on anything else).
std::string FormatAmzDate(std::chrono::system_clock::time_point time);
absl::StatusOr<std::chrono::system_clock::time_point> ParseAmzDate(const std::string& text);

// AWS's UriEncode: every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex); "/" too unless
// keep_slash.
std::string AwsUriEncode(const std::string& text, bool keep_slash);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(const std::string& data);

}  // namespace jobrec::cloud
