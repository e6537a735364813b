#!/usr/bin/python3
"""Signs requests with botocore's SigV4 signer, for sigv4_test.cc to compare against.

Reads a JSON array of requests on stdin, each
  {"method", "url", "headers": [[name, value], ...], "body", "access_key", "secret_key",
   "token", "region", "service", "amz_date": "YYYYMMDDTHHMMSSZ"}
and prints each request's Authorization header on its own line. Exits 3 when botocore is not
importable (Debian's python3-botocore, under /usr/bin/python3).
"""
import datetime
import json
import sys
from unittest import mock

try:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:
    print(f"cannot import botocore: {error}")
    sys.exit(3)


def authorization(spec):
    request = AWSRequest(method=spec["method"], url=spec["url"], data=spec["body"].encode("utf-8"))
    for name, value in spec["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay repeated
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec["token"] or None)
    signer = SigV4Auth(credentials, spec["service"], spec["region"])
    when = datetime.datetime.strptime(spec["amz_date"], "%Y%m%dT%H%M%SZ")
    # add_auth stamps the current time; pin it to the request's.
    with mock.patch("botocore.auth.datetime") as fake_datetime:
        fake_datetime.datetime.utcnow.return_value = when
        fake_datetime.datetime.strptime = datetime.datetime.strptime
        signer.add_auth(request)
    return request.headers["Authorization"]


def main():
    for spec in json.load(sys.stdin):
        print(authorization(spec))


if __name__ == "__main__":
    main()
