"""Names of projects and labels refuse control and invisible formatting characters.

A right-to-left override (U+202E) shows a name backwards and reorders what follows it on the
page; a zero-width space makes two names look alike; a newline breaks the one line a name
has. The rule is tasks.validators.clean_name's, frozen here as of this migration.

Names stored before it are cleaned first, so the constraints hold for every row and the
migration never fails on a database that has one: the characters are removed; a name left
empty becomes "Project" or "Label"; one that now matches another of the person's names (in
any case) gets " (2)", " (3)"... Row-level security is lifted for the owner meanwhile (NO
FORCE), inside this migration's transaction, since under FORCE it would see no one's rows.
"""

from django.db import migrations, models

PATTERN = "[\\u0001-\\u001f\\u007f-\\u009f\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890-\\u0891\\u08e2\\u180e\\u200b\\u200e-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\U000110bd\\U000110cd\\U00013430-\\U0001343f\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a\\U000e0001\\U000e0020-\\U000e007f]"

CLEAN = rf"""
ALTER TABLE projects NO FORCE ROW LEVEL SECURITY;
ALTER TABLE labels NO FORCE ROW LEVEL SECURITY;
DO $$
DECLARE
    pattern constant text := '{PATTERN}';
    tab text;
    noun text;
    width int;
    named record;
    base text;
    candidate text;
    n int;
    taken boolean;
BEGIN
    FOR tab, noun, width IN SELECT * FROM (VALUES ('projects', 'Project', 120), ('labels', 'Label', 60)) AS t LOOP
        FOR named IN EXECUTE format('SELECT id, user_id, name FROM %I WHERE name ~ $1 ORDER BY created_at, id', tab)
            USING pattern
        LOOP
            base := coalesce(nullif(btrim(regexp_replace(named.name, pattern, '', 'g')), ''), noun);
            candidate := base;
            n := 1;
            LOOP
                EXECUTE format(
                    'SELECT EXISTS (SELECT FROM %I WHERE user_id = $1 AND lower(name) = lower($2) AND id <> $3)', tab
                ) INTO taken USING named.user_id, candidate, named.id;
                EXIT WHEN NOT taken;
                n := n + 1;
                candidate := left(base, width - length(n::text) - 3) || ' (' || n || ')';
            END LOOP;
            EXECUTE format('UPDATE %I SET name = $1 WHERE id = $2', tab) USING candidate, named.id;
        END LOOP;
    END LOOP;
END
$$;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;
ALTER TABLE labels FORCE ROW LEVEL SECURITY;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0013_color_format"),
    ]

    operations = [
        migrations.RunSQL(CLEAN, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="label",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", PATTERN), _negated=True), name="labels_name_refuses_controls"
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", PATTERN), _negated=True), name="projects_name_refuses_controls"
            ),
        ),
    ]
