"""The markup between the rows: Today's and Upcoming's headings (a day, a week, "Overdue" with
its Reschedule form), a project's section headings (fold, rename, move, delete), and the
"+ Add task" form under a day or a section.

Rendered in Python, as the rows are (tasks/rows.py): Upcoming has about twenty headings, each
with its own add form, and the template engine spent a third of the page's CPU time on them
(docs/PERFORMANCE.md). Every value is escaped here.
"""

from __future__ import annotations

import html
import uuid
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from tasks.rows import Rows, cached_reverse, task_url
from tasks.wording import plural

HEADING = """<li class="day-heading{overdue_class}" data-group{first}{last}>
  <h2>{heading}
    <span class="group-count" data-group-count>{count}</span></h2>{reschedule}
</li>
"""
# Under "Overdue": every overdue task to one date (empty for today), with an Undo.
RESCHEDULE = """
  <form method="post" action="{url}" class="reschedule">
    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
    <input type="hidden" name="next" value="{list_url}">
    <label for="reschedule-date-{number}" class="visually-hidden">Reschedule overdue tasks to (empty for today)</label>
    <input type="date" name="due_date" id="reschedule-date-{number}" min="{earliest}">
    <button type="submit" class="button button-secondary button-small">Reschedule</button>
  </form>{more}"""
# A section's heading on a project's page: its fold, name and count, and a menu to rename,
# move or delete it (its tasks stay in the project); no script needed.
SECTION = """<li class="section-heading{collapsed_class}" data-group data-section="{id}" id="section-{id}">
  <h2>
    <form method="post" action="{collapse_url}" class="inline-form fold">
      {hidden}
      <input type="hidden" name="collapsed" value="{collapse}">
      <button type="submit" class="button button-secondary button-small" aria-expanded="{expanded}"
        aria-label="{show} the tasks of {name}">{arrow}</button>
    </form>
    <span class="section-name">{name}</span>
    <span class="group-count" data-group-count>{count}</span>
  </h2>
  <details class="row-menu section-menu">
    <summary class="button button-secondary button-small" aria-label="Actions for the section {name}">⋯</summary>
    <div class="row-menu-items">
      <form method="post" action="{rename_url}" class="inline-fields">
        {hidden}
        <label for="section-name-{id}" class="visually-hidden">Section name</label>
        <input type="text" name="name" id="section-name-{id}" value="{name}" maxlength="120" required>
        <button type="submit" class="button button-secondary button-small">Rename</button>
      </form>
      <form method="post" action="{move_url}" class="inline-form">
        {hidden}<input type="hidden" name="direction" value="up">
        <button type="submit" class="menu-button">Move section up</button>
      </form>
      <form method="post" action="{move_url}" class="inline-form">
        {hidden}<input type="hidden" name="direction" value="down">
        <button type="submit" class="menu-button">Move section down</button>
      </form>
      <form method="post" action="{delete_url}" class="inline-form">
        {hidden}
        <button type="submit" class="menu-button danger">Delete section (its tasks stay)</button>
      </form>
    </div>
  </details>
</li>
"""
# A small quick-add form, no script needed: `where` ends its label ("on Tuesday 3 Dec", "in
# Packing"), `key` makes the field's id; the new task gets the day, or the project and section.
ADD_UNDER = """<li class="add-under-day{section_class}">
  <details>
    <summary class="link-button">+ Add task<span class="visually-hidden"> {where}</span></summary>
    <form method="post" action="{url}" class="quick-add add-on-day">
      <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
      <input type="hidden" name="quick_add" value="1">
      <input type="hidden" name="submission" value="{submission}">
      <input type="hidden" name="next" value="{list_url}">{place}
      <label for="add-{key}" class="visually-hidden">New task {where}</label>
      <input type="text" name="title" id="add-{key}" maxlength="200" required autocomplete="off"
        placeholder="Task name">
      <button type="submit" class="button button-small">Add task</button>
    </form>
  </details>
</li>
"""


def add_under(rows: Rows, where: str, key: str, *, day: date | None = None, project=None, section=None) -> SafeString:
    """ "+ Add task" under a day (the new task gets `day`) or a section (its project and section)."""
    if section is not None:
        place = (
            f'\n      <input type="hidden" name="project" value="{project}">'
            f'<input type="hidden" name="section" value="{section}">'
        )
    else:
        place = f'\n      <input type="hidden" name="due_date" value="{day.isoformat()}">' if day else ""
    return mark_safe(  # noqa: S308 (every value is escaped or is ours)
        ADD_UNDER.format(
            section_class=" add-in-section" if section is not None else "",
            where=html.escape(where),
            url=cached_reverse("tasks:create"),
            csrf_token=rows.escaped_csrf_token,
            submission=uuid.uuid4(),
            list_url=rows.escaped_list_url,
            place=place,
            key=html.escape(key),
        )
    )


def heading(group, number: int, rows: Rows, earliest: str) -> str:
    """A group's heading: its day (a <time>) or words, how many tasks it has, and under
    "Overdue" the Reschedule form and a link to the rest when not all are shown."""
    words = html.escape(group.heading)
    reschedule = ""
    if group.overdue:
        more = (
            f'\n  <a href="{html.escape(group.more_url)}" class="more-link">All overdue tasks</a>'
            if group.more_url
            else ""
        )
        reschedule = RESCHEDULE.format(
            url=cached_reverse("tasks:reschedule"),
            csrf_token=rows.escaped_csrf_token,
            list_url=rows.escaped_list_url,
            number=number,
            earliest=earliest,
            more=more,
        )
    return HEADING.format(
        overdue_class=" is-overdue" if group.overdue else "",
        first=f' data-from="{group.first.isoformat()}"' if group.first else "",
        last=f' data-until="{group.last.isoformat()}"' if group.last else "",
        heading=f'<time datetime="{group.day.isoformat()}">{words}</time>' if group.day else words,
        count=group.count_words,
        reschedule=reschedule,
    )


def agenda(groups, rows: Rows, earliest: str) -> SafeString:
    """Today's and Upcoming's list: each group's heading, its rows, and under a day its add form."""
    parts = [f'<ul class="task-list agenda{" is-selecting" if rows.selecting else ""}" data-task-list>\n']
    for number, group in enumerate(groups, start=1):
        parts.append(heading(group, number, rows, earliest))
        parts.append(rows.render(group.tasks))
        if group.day:
            parts.append(add_under(rows, f"on {group.heading}", group.day_key, day=group.day))
    parts.append("</ul>\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped or is ours)


def section_heading(group, rows: Rows) -> str:
    section, pk = group.section, str(group.section.pk)
    folded = section.collapsed
    return SECTION.format(
        collapsed_class=" is-collapsed" if folded else "",
        id=pk,
        hidden=(
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{rows.escaped_csrf_token}">'
            f'<input type="hidden" name="next" value="{rows.escaped_list_url}">'
        ),
        collapse_url=task_url("collapse_section", pk),
        rename_url=task_url("rename_section", pk),
        move_url=task_url("move_section", pk),
        delete_url=task_url("delete_section", pk),
        collapse="0" if folded else "1",
        expanded="false" if folded else "true",
        show="Show" if folded else "Hide",
        arrow="▸" if folded else "▾",
        name=html.escape(section.name),
        count="" if folded else plural(len(group.tasks), "task"),
    )


def outline(groups, rows: Rows) -> SafeString:
    """A project's page and the Inbox in the person's own order (tasks.outline): the tasks in no
    section, then each section's heading and its tasks, each followed by its sub-tasks, and
    under an unfolded section a form that adds a task to it."""
    parts = [f'<ul class="task-list outline{" is-selecting" if rows.selecting else ""}" data-task-list data-outline>\n']
    for group in groups:
        if group.section is not None:
            parts.append(section_heading(group, rows))
        parts.append(rows.render(group.tasks))
        if group.section is not None and not group.section.collapsed:
            section = group.section
            parts.append(
                add_under(rows, f"in {section.name}", str(section.pk), project=section.project_id, section=section.pk)
            )
    parts.append("</ul>\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped or is ours)
