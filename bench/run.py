"""The benchmark steps. Imported by bench/__main__.py after the environment is set."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench"
TARGET_MEDIAN_MS, TARGET_P95_MS, TARGET_QUERIES = 100, 250, 15


@dataclass
class Measure:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    admin_median_ms: float | None = None
    raw_median_ms: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        slower_than_admin = (
            self.admin_median_ms is not None and self.median_ms > self.admin_median_ms
        )
        return (
            self.status == 200
            and self.median_ms < TARGET_MEDIAN_MS
            and self.p95_ms < TARGET_P95_MS
            and self.queries <= TARGET_QUERIES
            and not slower_than_admin
        )


def _ensure_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    import psycopg

    with psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')  # name comes from our own setting


def _drop_database(url: str) -> None:
    parsed = urlparse(url)
    import psycopg

    with psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def _timed(fn, n: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def _stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return round(statistics.median(ordered), 1), round(p95, 1)


def run(args) -> None:
    if args.reseed:
        _drop_database(args.database_url)
    _ensure_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from cases.models import AsylumSeeker

    print("== migrate, collectstatic")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    _vacuum_as_autovacuum_would()
    seed_seconds: dict[str, float] = {}
    if not AsylumSeeker.objects.filter(reference__startswith="CW-B").exists():
        from django.conf import settings

        from bench.seed import seed
        from detention.importers import import_facilities

        print(f"== seeding {args.seekers} seekers, {args.flights} flights")
        start = time.perf_counter()
        import_facilities(settings.SHARED_DATA_DIR / "ice-facilities-2017.csv.gz")
        seed_seconds = seed(seekers=args.seekers, flights=args.flights)
        seed_seconds["total"] = round(time.perf_counter() - start, 1)
    else:
        print("== data set exists (use --reseed to rebuild)")
        from bench.seed import seed_history

        # A data set seeded before the audit rows were part of it gets them now, once.
        start = time.perf_counter()
        if seed_history():
            seed_seconds["history (added)"] = round(time.perf_counter() - start, 1)
            print(f"== added the audit history rows in {seed_seconds['history (added)']} s")
    print("== alert sweep (before the pages, so they see the alerts a live system has)")
    from bench import pages

    sweep = pages.measure_sweep()
    print(f"  {sweep}")
    results = measure(args.requests) | {"sweep": sweep}
    write_report(args, results, seed_seconds)


def load_test_lines() -> list[str]:
    """The last load test's figures (tests/reliability/test_load.py writes bench/load.json
    whenever the suite runs against PostgreSQL), as a section of the report."""
    path = OUT / "load.json"
    if not path.exists():
        return []
    load = json.loads(path.read_text())
    total = load["total"]
    lines = [
        "## Load test",
        "",
        f"{load['what']}; {load['machine']}; the load generator (Locust) shares the machine.",
        f"Server errors: {load['server_errors']}. Throughput: {total['requests_per_second']}"
        f" requests/s ({total['requests']:,} requests), p50 {total['p50_ms']} ms,"
        f" p95 {total['p95_ms']} ms.",
        "",
        "| page | requests | req/s | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, f in load["pages"].items():
        lines.append(
            f"| {name} | {f['requests']} | {f['requests_per_second']} | {f['p50_ms']} |"
            f" {f['p95_ms']} | {f['max_ms']} |"
        )
    return [*lines, ""]


def _vacuum_as_autovacuum_would() -> None:
    """A migration that backfills a column rewrites every row of its table; production's
    autovacuum cleans that up within minutes, but a server started with autovacuum off (as
    on the machine the report was made on) would measure the dead rows instead: sequential
    scans where the derived columns' index-only scans belong. Untimed, before anything."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] == "off":
            print("== VACUUM ANALYZE (this server runs with autovacuum off)")
            cursor.execute("VACUUM ANALYZE")


def measure(requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import pages

    client_cache: dict[str, Client] = {}

    def client_for(username: str) -> Client:
        if username not in client_cache:
            from caseworks.models import User

            client = Client()
            client.force_login(User.objects.get(username=username))
            client_cache[username] = client
        return client_cache[username]

    from django.urls import NoReverseMatch

    measures = []
    for page in pages.PAGES:
        client = client_for(page.user)
        try:
            url = page.url()
        except NoReverseMatch:
            if not page.optional:
                raise
            print(f"  {page.name:42} not in this build (skipped)")
            continue
        client.get(url)  # warm caches and the connection
        times, response = _timed(lambda: client.get(url), requests)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        median, p95 = _stats(times)
        m = Measure(page.name, url, median, p95, len(ctx.captured_queries), response.status_code)
        if page.admin_url:
            admin = client_for("bench-coordinator")
            admin_url = page.admin_url()
            admin.get(admin_url)
            admin_times, _ = _timed(lambda: admin.get(admin_url), max(5, requests // 3))
            m.admin_median_ms = _stats(admin_times)[0]
        if page.raw_sql:
            sql, params = page.raw_sql()

            def raw():
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()

            raw_times, _ = _timed(raw, requests)
            m.raw_median_ms = _stats(raw_times)[0]
        print(
            f"  {m.name:42} median {m.median_ms:7.1f} ms  p95 {m.p95_ms:7.1f} ms  "
            f"{m.queries:2} queries  {'OK' if m.ok else 'MISSED'}"
        )
        measures.append(m)
    return {"pages": measures, "pdf": measure_pdf()}


def measure_pdf() -> dict:
    """Render the 300-event case file in a fresh process, to read its time and peak memory.

    `peak_mb` is the render process's own high-water mark (`memory_mb("VmHWM")`), `setup_mb`
    its resident memory after `django.setup()`, before the renderer and WeasyPrint are imported:
    the difference is what rendering the file costs a worker.
    """
    code = (
        "import time, django; django.setup();"
        "from bench.run import memory_mb; setup_mb = memory_mb('VmRSS');"
        "from bench.pages import render_showcase_pdf;"
        "t = time.perf_counter(); pages = render_showcase_pdf();"
        "print(round(time.perf_counter() - t, 2), pages, memory_mb('VmHWM'), setup_mb)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    seconds, pages_count, peak_mb, setup_mb = proc.stdout.split()[-4:]
    return {
        "seconds": float(seconds),
        "pages": int(pages_count),
        "peak_mb": int(peak_mb),
        "setup_mb": int(setup_mb),
    }


def memory_mb(field: str) -> int:
    """This process's resident memory from /proc/self/status: "VmRSS" now, "VmHWM" its peak.

    Not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux hands a parent's high-water mark down to a
    child through fork and exec, so the PDF subprocess of a bench that had seeded 50,000 cases
    reported the bench's own peak (388 MB) instead of the render's (~170 MB). VmHWM belongs
    to the address space that exec creates afresh. Without /proc (not Linux), ru_maxrss is
    the fallback, with that caveat.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 2**20 if sys.platform == "darwin" else peak // 1024


def write_report(args, results: dict, seed_seconds: dict) -> None:
    from cases.models import AsylumSeeker, ContactLog, Deadline, Hearing
    from deportation.models import Flight

    counts = {
        "seekers": AsylumSeeker.objects.count(),
        "hearings": Hearing.objects.count(),
        "contacts": ContactLog.objects.count(),
        "open deadlines": Deadline.objects.open().count(),
        "flights": Flight.objects.count(),
    }
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "date": date.today().isoformat(),
    }
    data = {
        "machine": machine,
        "counts": counts,
        "seed_seconds": seed_seconds,
        "requests_per_page": args.requests,
        "pages": [asdict(p) | {"ok": p.ok} for p in results["pages"]],
        "sweep": results["sweep"],
        "pdf": results["pdf"],
    }
    (OUT / "results.json").write_text(json.dumps(data, indent=2, default=str))
    render_report(json.loads(json.dumps(data, default=str)))


def render_report(data: dict) -> None:
    """bench/REPORT.md from a run's results (`make bench`, or `--report-only` from
    bench/results.json after NOTES.md or load.json changed)."""
    machine, counts, seed_seconds = data["machine"], data["counts"], data["seed_seconds"]
    lines = [
        "# Benchmark report",
        "",
        "Regenerated by `make bench` (bench/run.py). Pages are requested through the full Django stack",
        "(test client, all middleware) on PostgreSQL; the admin column is the Django admin changelist",
        "with the same search, the raw column the bare SQL that fetches the page's rows (the floor).",
        "",
        f"Machine: {machine['cpus']} cores, {machine['memory_gb']} GB, Python {machine['python']}, "
        f"{machine['platform']}; {machine['date']}.",
        "",
        "Data: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".",
        "",
    ]
    if seed_seconds:
        lines += [
            "Seeding took " + ", ".join(f"{k} {v} s" for k, v in seed_seconds.items()) + ".",
            "",
        ]
    lines += [
        f"Targets: median < {TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms, ≤ {TARGET_QUERIES} queries,"
        " not slower than the admin.",
        "",
        "| page | median ms | p95 ms | queries | admin ms | page/admin | raw ms | page/raw | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in data["pages"]:
        median, admin, raw = p["median_ms"], p["admin_median_ms"], p["raw_median_ms"]
        ratio_admin = f"{median / admin:.2f}" if admin else "—"
        ratio_raw = f"{median / raw:.0f}×" if raw else "—"
        lines.append(
            f"| {p['name']} | {median} | {p['p95_ms']} | {p['queries']} | {admin or '—'} | "
            f"{ratio_admin} | {raw or '—'} | {ratio_raw} | {'yes' if p['ok'] else '**no**'} |"
        )
    sweep, pdf = data["sweep"], data["pdf"]
    lines += [
        "",
        "## Alert sweep",
        "",
        f"{json.dumps(sweep)}",
        "",
        "## Case-file PDF (300 events)",
        "",
        f"{json.dumps(pdf)}",
        "",
    ]
    lines += load_test_lines()
    notes = OUT / "NOTES.md"
    if notes.exists():
        lines += ["## What was done about missed targets", "", notes.read_text()]
    (OUT / "REPORT.md").write_text("\n".join(lines) + "\n")
    print(f"== wrote {OUT / 'REPORT.md'}")
