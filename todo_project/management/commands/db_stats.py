"""Database statistics: table and index sizes, row estimates, index use, cache hits, slow queries.

Unused indexes (never scanned since the statistics were reset) are marked; the slowest
statements come from pg_stat_statements where that extension is installed.
"""

from __future__ import annotations

import json

from todo_project.operations import OperatorCommand, staff_connection

TABLES = """
SELECT c.relname, greatest(c.reltuples, 0)::bigint, pg_total_relation_size(c.oid),
       pg_relation_size(c.oid), pg_indexes_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY pg_total_relation_size(c.oid) DESC
"""
INDEXES = """
SELECT s.indexrelname, s.relname, pg_relation_size(s.indexrelid), s.idx_scan, i.indisunique
FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
WHERE s.schemaname = 'public'
ORDER BY pg_relation_size(s.indexrelid) DESC
"""
CACHE = """
SELECT round(100.0 * blks_hit / nullif(blks_hit + blks_read, 0), 2)::float8, stats_reset
FROM pg_stat_database WHERE datname = current_database()
"""
# The worker's queue (procrastinate's tables): jobs by queue, task and status.
QUEUE = """
SELECT queue_name, task_name, status::text, count(*) FROM procrastinate_jobs
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""
SLOW = """
SELECT calls, round(mean_exec_time::numeric, 3)::float8, round(total_exec_time::numeric, 1)::float8,
       left(regexp_replace(query, '\\s+', ' ', 'g'), 120)
FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY mean_exec_time DESC LIMIT 10
"""


def size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the statistics as JSON")

    def handle(self, *args, as_json: bool = False, **options) -> None:
        with staff_connection(autocommit=True) as conn:
            tables = [
                {"table": t, "rows": rows, "total_bytes": total, "table_bytes": heap, "index_bytes": idx}
                for t, rows, total, heap, idx in conn.execute(TABLES)
            ]
            indexes = [
                {"index": i, "table": t, "bytes": b, "scans": scans, "unused": scans == 0 and not unique}
                for i, t, b, scans, unique in conn.execute(INDEXES)
            ]
            hit_ratio, stats_reset = conn.execute(CACHE).fetchone()
            has_queue = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()[0]
            jobs = (
                [{"queue": q, "task": t, "status": st, "jobs": n} for q, t, st, n in conn.execute(QUEUE)]
                if has_queue
                else []
            )
            has_statements = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'").fetchone()
            slow = (
                [{"calls": c, "mean_ms": m, "total_ms": t, "query": q} for c, m, t, q in conn.execute(SLOW)]
                if has_statements
                else None
            )
        if as_json:
            data = {
                "tables": tables,
                "indexes": indexes,
                "queue": jobs,
                "cache_hit_percent": hit_ratio,
                "slow_statements": slow,
            }
            self.stdout.write(json.dumps({**data, "stats_reset": str(stats_reset) if stats_reset else None}, indent=2))
            return
        self.table(
            "Tables",
            ["table", "rows (est.)", "total", "heap", "indexes"],
            [
                [t["table"], f"{t['rows']:,}", size(t["total_bytes"]), size(t["table_bytes"]), size(t["index_bytes"])]
                for t in tables
            ],
        )
        self.table(
            "Indexes",
            ["index", "table", "size", "scans", ""],
            [
                [i["index"], i["table"], size(i["bytes"]), f"{i['scans']:,}", "unused" if i["unused"] else ""]
                for i in indexes
            ],
        )
        self.table(
            "Queue (the worker's jobs)",
            ["queue", "task", "status", "jobs"],
            [[j["queue"], j["task"], j["status"], f"{j['jobs']:,}"] for j in jobs],
        )
        reset = f" (since {stats_reset:%Y-%m-%d %H:%M})" if stats_reset else ""
        ratio = f"{hit_ratio}%" if hit_ratio is not None else "no reads yet"
        self.say(f"\nCache hit ratio{reset}: {ratio}\n")
        if slow is None:
            self.say(
                "\nSlowest statements: pg_stat_statements is not installed in this database"
                " (add it to shared_preload_libraries, then CREATE EXTENSION pg_stat_statements).\n"
            )
        else:
            self.table(
                "Slowest statements (mean)",
                ["calls", "mean ms", "total ms", "query"],
                [[f"{s['calls']:,}", f"{s['mean_ms']}", f"{s['total_ms']}", s["query"]] for s in slow],
            )

    def table(self, title: str, header: list[str], rows: list[list[str]]) -> None:
        widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
        self.say(f"\n{self.style.MIGRATE_HEADING(title)}")
        for row in [header, *rows]:
            self.say("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())
