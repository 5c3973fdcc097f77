"""`make bench`: seed 50,000 cases on PostgreSQL and measure pages, sweep and PDF.

Writes bench/REPORT.md and bench/results.json (regenerated every run). Not part of `make test`.

    make bench                                  # full size (seeding takes minutes, once)
    make bench BENCH_ARGS="--seekers 2000 --flights 500 --requests 20"   # a quick run
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caseworks_bench"
        ),
    )
    parser.add_argument("--seekers", type=int, default=50_000)
    parser.add_argument("--flights", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60, help="requests per page")
    parser.add_argument("--reseed", action="store_true", help="drop and rebuild the data set")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite bench/REPORT.md from bench/results.json, NOTES.md and load.json; measure nothing",
    )
    args = parser.parse_args()

    os.environ.update(
        {
            "DATABASE_URL": args.database_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "TWO_FACTOR_REQUIRED": "false",
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
            "DJANGO_SETTINGS_MODULE": "caseworks.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    if args.report_only:
        import json

        from bench.run import OUT, render_report

        render_report(json.loads((OUT / "results.json").read_text()))
        return
    from bench.run import run

    run(args)


if __name__ == "__main__":
    main()
