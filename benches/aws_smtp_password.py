#!/usr/bin/env python3
"""The AWS sample's algorithm, written for the benchmark: standard-library hmac/hashlib and
argparse, secret and region on the command line, as the AWS script takes them."""
import argparse
import base64
import hashlib
import hmac

DATE, SERVICE, TERMINAL, MESSAGE, VERSION = "11111111", "ses", "aws4_request", "SendRawEmail", 0x04


def sign(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def calculate_key(secret_access_key: str, region: str) -> str:
    signature = sign(("AWS4" + secret_access_key).encode("utf-8"), DATE)
    for part in (region, SERVICE, TERMINAL, MESSAGE):
        signature = sign(signature, part)
    return base64.b64encode(bytes([VERSION]) + signature).decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Convert an IAM secret access key to an SES SMTP password.")
    parser.add_argument("secret", help="the secret access key")
    parser.add_argument("region", help="the AWS region")
    args = parser.parse_args()
    print(calculate_key(args.secret, args.region))


if __name__ == "__main__":
    main()
