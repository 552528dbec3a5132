#!/usr/bin/env python3
"""The Python loop for the batch comparison: read an IAM access-key CSV, write the SES console's
SMTP credentials CSV, with the csv module and the AWS sample's algorithm."""
import csv
import sys

from aws_smtp_password import calculate_key


def main() -> None:
    src, dst, region = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(src, newline="", encoding="utf-8-sig") as fin, open(dst, "w", newline="") as fout:
        rows = csv.DictReader(fin)
        out = csv.writer(fout)
        out.writerow(["IAM User Name", "Smtp Username", "Smtp Password"])
        for row in rows:
            out.writerow([row.get("User name", ""), row["Access key ID"],
                          calculate_key(row["Secret access key"], region)])


if __name__ == "__main__":
    main()
