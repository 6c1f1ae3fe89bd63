#!/usr/bin/env python3
"""Prints locust's figures per kind of request: requests/s, p50/p95/p99, errors (make load)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(stats: str, failures: str) -> int:
    rows = list(csv.DictReader(Path(stats).read_text().splitlines()))
    print(
        f"{'request':32} {'count':>7} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}"
    )
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        print(
            f"{name[:32]:32} {row['Request Count']:>7} {float(row['Requests/s']):7.2f} "
            f"{row['50%']:>5}ms {row['95%']:>5}ms {row['99%']:>5}ms {row['Failure Count']:>7}"
        )
    failed = (
        list(csv.DictReader(Path(failures).read_text().splitlines()))
        if Path(failures).exists()
        else []
    )
    for row in failed:
        print(f"  error: {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
