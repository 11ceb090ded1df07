"""A sub-task takes its parent's section only while that section exists.

A section's deletion clears `section_id` on its tasks (the foreign key's SET NULL), one row at
a time in no set order: a sub-task cleared before its parent read the parent's section, now
deleted, and the foreign key refused the statement. The parent's section is now read through
`sections`, so a deleted one reads as none.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION tasks_check_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    depth int := 1;
    ancestor uuid := NEW.parent_id;
    below int := 0;
    parent_project uuid;
    parent_section uuid;
    parent_found boolean;
BEGIN
    SELECT t.project_id, s.id INTO parent_project, parent_section
    FROM tasks t LEFT JOIN sections s ON s.id = t.section_id AND s.user_id = t.user_id
    WHERE t.id = NEW.parent_id AND t.user_id = NEW.user_id;
    parent_found := FOUND;
    LOOP
        IF ancestor = NEW.id THEN
            RAISE EXCEPTION 'a task cannot be a sub-task of itself or of its own sub-task'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tasks_parent_not_descendant';
        END IF;
        SELECT parent_id INTO ancestor FROM tasks WHERE id = ancestor AND user_id = NEW.user_id;
        EXIT WHEN ancestor IS NULL;
        depth := depth + 1;
        IF depth > 4 THEN
            RAISE EXCEPTION 'sub-tasks go at most 4 levels deep'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tasks_depth_at_most_4';
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' THEN
        WITH RECURSIVE family(id, level) AS (
            SELECT id, 1 FROM tasks WHERE parent_id = NEW.id AND user_id = NEW.user_id
            UNION ALL
            SELECT t.id, f.level + 1 FROM tasks t JOIN family f ON t.parent_id = f.id
            WHERE t.user_id = NEW.user_id AND f.level < 5
        )
        SELECT coalesce(max(level), 0) INTO below FROM family;
    END IF;
    IF depth + below > 4 THEN
        RAISE EXCEPTION 'sub-tasks go at most 4 levels deep'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tasks_depth_at_most_4';
    END IF;
    -- Not found: another person's (the foreign key refuses it), or a parent written by the
    -- same statement after this row (a family moved back from the archive keeps its values).
    IF parent_found THEN
        NEW.project_id := parent_project;
        NEW.section_id := parent_section;
    END IF;
    RETURN NEW;
END
$$;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION tasks_check_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    depth int := 1;
    ancestor uuid := NEW.parent_id;
    below int := 0;
    parent_project uuid;
    parent_section uuid;
    parent_found boolean;
BEGIN
    SELECT project_id, section_id INTO parent_project, parent_section
    FROM tasks WHERE id = NEW.parent_id AND user_id = NEW.user_id;
    parent_found := FOUND;
    LOOP
        IF ancestor = NEW.id THEN
            RAISE EXCEPTION 'a task cannot be a sub-task of itself or of its own sub-task'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tasks_parent_not_descendant';
        END IF;
        SELECT parent_id INTO ancestor FROM tasks WHERE id = ancestor AND user_id = NEW.user_id;
        EXIT WHEN ancestor IS NULL;
        depth := depth + 1;
        IF depth > 4 THEN
            RAISE EXCEPTION 'sub-tasks go at most 4 levels deep'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tasks_depth_at_most_4';
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' THEN
        WITH RECURSIVE family(id, level) AS (
            SELECT id, 1 FROM tasks WHERE parent_id = NEW.id AND user_id = NEW.user_id
            UNION ALL
            SELECT t.id, f.level + 1 FROM tasks t JOIN family f ON t.parent_id = f.id
            WHERE t.user_id = NEW.user_id AND f.level < 5
        )
        SELECT coalesce(max(level), 0) INTO below FROM family;
    END IF;
    IF depth + below > 4 THEN
        RAISE EXCEPTION 'sub-tasks go at most 4 levels deep'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tasks_depth_at_most_4';
    END IF;
    -- Not found: another person's (the foreign key refuses it), or a parent written by the
    -- same statement after this row (a family moved back from the archive keeps its values).
    IF parent_found THEN
        NEW.project_id := parent_project;
        NEW.section_id := parent_section;
    END IF;
    RETURN NEW;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("tasks", "0015_subtasks_sections_order")]

    operations = [migrations.RunSQL(FUNCTION, PREVIOUS)]
