"""Autovacuum for a table of 100M rows: by default a table is vacuumed once a fifth of it is
dead (20M rows at 100M) and analyzed once a tenth has changed, so the visibility map that
index-only scans need and the planner's statistics would lag by weeks. One percent instead
(half that for statistics), for dead and for newly inserted rows. Setting them takes only a
SHARE UPDATE EXCLUSIVE lock: reads and writes go on."""

from django.db import migrations

SETTINGS = {
    "autovacuum_vacuum_scale_factor": "0.01",
    "autovacuum_vacuum_insert_scale_factor": "0.01",
    "autovacuum_analyze_scale_factor": "0.005",
}


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0017_drop_project_sort_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE tasks SET (" + ", ".join(f"{name} = {value}" for name, value in SETTINGS.items()) + ")",
            "ALTER TABLE tasks RESET (" + ", ".join(SETTINGS) + ")",
        ),
    ]
