"""Drop the three per-project copies of the list's sort indexes (about 320 bytes of a task's
1,450 at release 3): a project's page in another order than its own walks the person's index
for that order and keeps the project's rows. Dropped concurrently, so that the release step
never holds the writes of a 100M-row table (docs/SCALING.md, "Changing the schema of a big
table")."""

from django.contrib.postgres.operations import RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    # CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("tasks", "0016_parent_section_while_it_exists"),
    ]

    operations = [
        # The release step's one-second lock_timeout is for DDL that blocks writes; a
        # concurrent drop blocks none, but waits for the transactions using the index.
        migrations.RunSQL("SET lock_timeout = '5min'", migrations.RunSQL.noop),
        *(
            RemoveIndexConcurrently(model_name="task", name=name)
            for name in ("idx_tasks_project_created", "idx_tasks_project_due", "idx_tasks_project_priority")
        ),
        migrations.RunSQL("RESET lock_timeout", migrations.RunSQL.noop),
    ]
