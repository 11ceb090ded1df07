from django.db import migrations


class Migration(migrations.Migration):
    """/readyz asks which migrations are applied without any grant on django_migrations.

    The runtime roles get nothing on that table; this owner-privileged function exposes
    only the names, read-only.
    """

    dependencies = [("tasks", "0002_cascade_and_trigger")]

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE FUNCTION applied_migrations() RETURNS TABLE (app text, name text)
                    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
                    AS $$ SELECT app::text, name::text FROM django_migrations $$;
            """,
            reverse_sql="DROP FUNCTION applied_migrations();",
        ),
    ]
