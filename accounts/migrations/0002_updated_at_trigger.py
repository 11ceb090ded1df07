from django.db import migrations


class Migration(migrations.Migration):
    """A trigger keeps updated_at true for every UPDATE, including raw SQL and bulk updates."""

    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.updated_at := now();
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
                    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
            """,
            reverse_sql="""
                DROP TRIGGER users_set_updated_at ON users;
                DROP FUNCTION set_updated_at();
            """,
        ),
    ]
