from django.db import migrations


class Migration(migrations.Migration):
    """The database cache every worker shares when CACHE_URL is unset (settings, "Cache and sessions").

    The table `manage.py createcachetable` would make, made here so `migrate` alone sets a
    server up. No user_id column: rate-limit counters and used two-factor codes, keyed by
    address or user, read before anyone is signed in.
    """

    dependencies = [("tasks", "0007_task_counts")]

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE TABLE django_cache (
                    cache_key varchar(255) NOT NULL PRIMARY KEY,
                    value text NOT NULL,
                    expires timestamp with time zone NOT NULL
                );
                -- Django's culling deletes expired entries first.
                CREATE INDEX django_cache_expires ON django_cache (expires);
            """,
            reverse_sql="DROP TABLE django_cache",
        ),
    ]
