from django.conf import settings
from django.db import migrations
from psycopg import sql

# The web process' role may not make anyone staff. Its column privileges already leave out
# UPDATE of users.is_staff and users.is_superuser (todo_project.rls.grant_runtime_privileges); a new
# row is all columns or none to PostgreSQL, so an INSERT is checked here instead. The staff
# role and the owner (createsuperuser, the admin, migrations) are not concerned.
FUNCTION = """
CREATE FUNCTION users_refuse_promotion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.is_staff OR NEW.is_superuser) AND current_user = TG_ARGV[0] THEN
        RAISE EXCEPTION 'the role % may not make anyone staff', current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
"""


def create_trigger(apps, schema_editor):
    schema_editor.execute(
        sql.SQL(
            "CREATE TRIGGER users_refuse_promotion BEFORE INSERT ON users "
            "FOR EACH ROW EXECUTE FUNCTION users_refuse_promotion({})"
        )
        .format(sql.Literal(settings.DATABASE_ROLES["app"]))
        .as_string()
    )


def drop_trigger(apps, schema_editor):
    schema_editor.execute("DROP TRIGGER users_refuse_promotion ON users")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_updated_at_trigger")]

    operations = [
        migrations.RunSQL(FUNCTION, reverse_sql="DROP FUNCTION users_refuse_promotion()"),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
