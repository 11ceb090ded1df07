"""Print the size of every table and index, and their bytes per task, as a Markdown table.

    .venv/bin/python manage.py shell --no-imports -v 0 < bench/sizes.py

Sizes from pg_relation_size (heap or index, without TOAST, free space map or visibility map,
which are listed as the table's "rest"); the per-task figure divides by the live and trashed
rows of `tasks`. Reads the catalog as the staff role: no person's rows.
"""

from todo_project.operations import staff_connection

with staff_connection() as conn:
    tasks = conn.execute("SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'tasks'::regclass").fetchone()[0]
    tables = conn.execute(
        "SELECT c.relname, pg_relation_size(c.oid), pg_total_relation_size(c.oid), pg_indexes_size(c.oid)"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'"
        " WHERE c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC"
    ).fetchall()
    indexes = conn.execute(
        "SELECT t.relname, i.relname, pg_relation_size(i.oid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'"
        " ORDER BY pg_relation_size(i.oid) DESC"
    ).fetchall()
    database = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]

print(f"{tasks:,.0f} tasks; the database: {database / 2**30:.2f} GiB, {database / tasks:,.0f} bytes a task\n")
print("| table or index | MiB | bytes a task |")
print("| --- | ---: | ---: |")
by_table = {}
for table, name, size in indexes:
    by_table.setdefault(table, []).append((name, size))
for table, heap, total, index_total in tables:
    if total < 1 << 20:
        continue
    print(f"| **{table}** (all) | {total / 2**20:,.0f} | {total / tasks:,.1f} |")
    print(f"| {table}: heap | {heap / 2**20:,.0f} | {heap / tasks:,.1f} |")
    rest = total - heap - index_total
    if rest >= 1 << 20:
        print(f"| {table}: TOAST, free space and visibility maps | {rest / 2**20:,.0f} | {rest / tasks:,.1f} |")
    for name, size in by_table.get(table, []):
        if size >= 1 << 20:
            print(f"| {table}: `{name}` | {size / 2**20:,.0f} | {size / tasks:,.1f} |")
