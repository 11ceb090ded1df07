from django.db import migrations


class Migration(migrations.Migration):
    """What the ORM cannot say: the cascading foreign key and the updated_at trigger."""

    dependencies = [
        ("tasks", "0001_initial"),
        ("accounts", "0002_updated_at_trigger"),
    ]

    operations = [
        migrations.RunSQL(
            # Deleting a user removes their tasks in the database itself: Django 5.2 only
            # emulates cascades, and its emulation could not see rows hidden by RLS.
            sql="""
                ALTER TABLE tasks ADD CONSTRAINT tasks_user_id_fkey
                    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
            """,
            reverse_sql="ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;",
        ),
        migrations.RunSQL(
            sql="""
                CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON tasks
                    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
            """,
            reverse_sql="DROP TRIGGER tasks_set_updated_at ON tasks;",
        ),
    ]
