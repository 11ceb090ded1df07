"""Structure inside a project in a real browser (issue 22's "Done means"): a project with two
sections and a task with three sub-tasks two levels deep, reordered by dragging (a mouse and
a finger), by the keyboard alone and without JavaScript; then the parent completed with its
children, undone, and the family trashed and restored."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tasks.actions.structure import create_section
from tasks.actions.tasks import create_task
from tasks.models import Task
from tests.e2e.browser import PHONE, new_page, row_menu, sign_in
from tests.e2e.usable import assert_usable
from tests.factories import as_user, make_project

ROW = "[data-task]"


def add(person, title, **values):
    with as_user(person):
        result = create_task(person, {"title": title, **values})
        assert result.changed, result.message
        return result.task


def trip(person) -> dict:
    """Trip: the section Before (Book flights; Pack with Clothes, under it Socks, and
    Documents) and the section During (Visit the museum)."""
    project = make_project(person, "Trip")
    with as_user(person):
        before = create_section(person, project.pk, "Before").item
        during = create_section(person, project.pk, "During").item
    tasks = {"Book flights": add(person, "Book flights", project=project.pk, section=before.pk)}
    tasks["Pack"] = add(person, "Pack", project=project.pk, section=before.pk)
    tasks["Clothes"] = add(person, "Clothes", parent=tasks["Pack"].pk)
    tasks["Socks"] = add(person, "Socks", parent=tasks["Clothes"].pk)
    tasks["Documents"] = add(person, "Documents", parent=tasks["Pack"].pk)
    tasks["Visit the museum"] = add(person, "Visit the museum", project=project.pk, section=during.pk)
    return {"project": project, "before": before, "during": during, "tasks": tasks}


def expect_titles(page, expected: list[str]) -> None:
    expect(page.locator(f"{ROW} [data-title]")).to_have_text(expected)


def row(page, title: str):
    return page.locator(ROW, has=page.locator("[data-title]", has_text=re.compile(f"^{title}$")))


def saved_order(person, **place) -> list[str]:
    with as_user(person):
        tasks = Task.objects.for_user(person).alive().filter(**place).order_by("position", "id")
        return list(tasks.values_list("title", flat=True))


START = ["Book flights", "Pack", "Clothes", "Socks", "Documents", "Visit the museum"]


def test_the_keyboard_alone_moves_a_sub_task_with_alt_and_the_arrows(signed_in, person):
    page = signed_in
    ids = trip(person)
    page.goto(f"/projects/{ids['project'].pk}/")
    expect_titles(page, START)
    # Select Documents with j, then Alt+↑ puts it (alone) above Clothes and its Socks.
    page.keyboard.press("j")
    while page.locator(f"{ROW}.is-selected [data-title]").inner_text() != "Documents":
        page.keyboard.press("j")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".message")).to_contain_text("Moved “Documents”.")
    expect_titles(page, ["Book flights", "Pack", "Documents", "Clothes", "Socks", "Visit the museum"])
    assert saved_order(person, parent=ids["tasks"]["Pack"]) == ["Documents", "Clothes"]
    # The focus stays on the row, so the next press moves it again: down, past Clothes' family.
    expect(row(page, "Documents")).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect_titles(page, START)
    expect(row(page, "Documents")).to_be_focused()
    # Pack moves up with its whole family, above Book flights.
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(page.locator(f"{ROW}.is-selected [data-title]")).to_have_text("Pack")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".message")).to_contain_text("Moved “Pack”.")
    expect_titles(page, ["Pack", "Clothes", "Socks", "Documents", "Book flights", "Visit the museum"])
    # The `?` dialog says so.
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_contain_text("Move the task up / down")


def drag(page, handle, target, *, fraction: float = 0.25, touch=None) -> None:
    """Press `handle`, move in steps to `fraction` of the way down `target`, let go; with a
    mouse, or with a finger (`touch`: a DevTools session sending touch input, which the browser
    turns into pointer events of type "touch", as a phone's screen does)."""
    target.scroll_into_view_if_needed()
    start = assert_usable(handle)
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    box = target.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], "both in sight"
    to_x, to_y = box["x"] + box["width"] / 3, box["y"] + box["height"] * fraction
    steps = 8
    points = [(x + (to_x - x) * n / steps, y + (to_y - y) * n / steps) for n in range(1, steps + 1)]
    if touch is None:
        page.mouse.move(x, y)
        page.mouse.down()
        for px, py in points:
            page.mouse.move(px, py)
        page.mouse.up()
        return
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for px, py in points:
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": px, "y": py}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def handle(page, title: str):
    return row(page, title).locator("> [data-drag]")


def test_a_mouse_drags_a_sub_task_above_another_and_a_task_into_a_section(signed_in, person):
    page = signed_in
    ids = trip(person)
    page.goto(f"/projects/{ids['project'].pk}/")
    expect_titles(page, START)
    # Documents above Clothes: the line shows where it lands while the button is down.
    documents, clothes = handle(page, "Documents"), row(page, "Clothes")
    box = assert_usable(documents)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    target = clothes.bounding_box()
    page.mouse.move(target["x"] + 100, target["y"] + 10, steps=6)
    expect(clothes).to_have_class(re.compile(r"\bdrop-before\b"))
    expect(row(page, "Documents")).to_have_class(re.compile(r"\bis-dragging\b"))
    page.mouse.up()
    expect(page.locator(".message")).to_contain_text("Moved “Documents”.")
    expect_titles(page, ["Book flights", "Pack", "Documents", "Clothes", "Socks", "Visit the museum"])
    assert saved_order(person, parent=ids["tasks"]["Pack"]) == ["Documents", "Clothes"]
    expect(page.locator(".drop-before, .drop-after, .is-dragging")).to_have_count(0)
    # Pack, with its family, dropped on the section During: last there.
    drag(page, handle(page, "Pack"), page.locator(f"#section-{ids['during'].pk} h2"), fraction=0.5)
    expect(page.locator(".message")).to_contain_text("Moved “Pack”.")
    expect_titles(page, ["Book flights", "Visit the museum", "Pack", "Documents", "Clothes", "Socks"])
    with as_user(person):
        moved = Task.objects.for_user(person).filter(pk__in=[t.pk for t in ids["tasks"].values()])
        assert {t.title for t in moved if t.section_id == ids["during"].pk} == {
            "Visit the museum", "Pack", "Documents", "Clothes", "Socks"
        }  # fmt: skip
    # Book flights dropped just under Visit the museum's lower half: after it, in During.
    drag(page, handle(page, "Book flights"), row(page, "Visit the museum"), fraction=0.75)
    expect(page.locator(".message")).to_contain_text("Moved “Book flights”.")
    expect_titles(page, ["Visit the museum", "Book flights", "Pack", "Documents", "Clothes", "Socks"])
    # A tap on a handle moves nothing; its arrows do.
    handle(page, "Book flights").click()
    page.keyboard.press("ArrowUp")
    expect_titles(page, ["Book flights", "Visit the museum", "Pack", "Documents", "Clothes", "Socks"])
    expect(handle(page, "Book flights")).to_be_focused()


def test_a_finger_drags_a_row_on_a_touch_screen(browser, base_url, person):
    ids = trip(person)
    page = new_page(browser, base_url, viewport=PHONE, touch=True)
    try:
        sign_in(page)
        page.goto(f"/projects/{ids['project'].pk}/")
        expect_titles(page, START)
        touch = page.context.new_cdp_session(page)
        page.evaluate("() => { window.kinds = []; addEventListener('pointerdown', (e) => kinds.push(e.pointerType)); }")
        page.evaluate(
            "window.pointerKinds = []; addEventListener('pointerdown', (e) => pointerKinds.push(e.pointerType))"
        )
        drag(page, handle(page, "Socks"), row(page, "Documents"), fraction=0.75, touch=touch)
        expect(page.locator(".message")).to_contain_text("Moved “Socks”.")
        # After Documents, as its sibling: a sub-task of Pack now.
        expect_titles(page, ["Book flights", "Pack", "Clothes", "Documents", "Socks", "Visit the museum"])
        assert saved_order(person, parent=ids["tasks"]["Pack"]) == ["Clothes", "Documents", "Socks"]
        assert page.evaluate("window.kinds") == ["touch"]
        assert page.console_errors == []
    finally:
        page.context.close()


def open_menu(page, title: str):
    """A row's "⋯" menu, opened (by a control a person can see and reach)."""
    summary = row(page, title).locator("details.row-menu > summary")
    row(page, title).hover()  # a row's actions show with the pointer over it
    expect(summary).to_have_css("opacity", "1")
    assert_usable(summary)
    return row_menu(row(page, title))


def states(person, *titles) -> dict[str, tuple[bool, bool]]:
    """Each task's (done, in the trash)."""
    with as_user(person):
        tasks = Task.objects.for_user(person).filter(title__in=titles)
        return {task.title: (task.completed, task.deleted_at is not None) for task in tasks}


FAMILY = ("Pack", "Clothes", "Socks", "Documents")


def test_without_javascript_the_row_menus_move_up_and_down(nojs_page, person):
    page = nojs_page
    ids = trip(person)
    sign_in(page)
    page.goto(f"/projects/{ids['project'].pk}/")
    expect_titles(page, START)
    expect(handle(page, "Pack")).to_be_hidden()  # nothing to drag it with: the menu moves it
    menu = open_menu(page, "Documents")
    button = menu.locator("form[data-move=up] button")
    assert_usable(button)
    button.click()
    expect(page.locator(".message")).to_contain_text("Moved “Documents”.")
    expect_titles(page, ["Book flights", "Pack", "Documents", "Clothes", "Socks", "Visit the museum"])
    menu = open_menu(page, "Book flights")
    expect(menu.locator("form[data-move=up]")).to_have_count(0)  # first in its section already
    button = menu.locator("form[data-move=down] button")
    assert_usable(button)
    button.click()
    expect_titles(page, ["Pack", "Documents", "Clothes", "Socks", "Book flights", "Visit the museum"])
    assert saved_order(person, section=ids["before"], parent=None) == ["Pack", "Book flights"]


def test_a_parent_completed_completes_its_family_undone_and_trashed_and_restored(signed_in, person):
    page = signed_in
    ids = trip(person)
    page.goto(f"/projects/{ids['project'].pk}/")
    expect_titles(page, START)
    # Done: the sub-tasks at every depth with it; its row says 3/3.
    check = row(page, "Pack").locator("button.check")
    assert_usable(check)
    check.click()
    expect(page.locator(".message")).to_contain_text("Pack")
    assert states(person, *FAMILY) == dict.fromkeys(FAMILY, (True, False))
    undo = page.locator(".message [data-undo]")
    assert_usable(undo)
    undo.click()
    expect(page.locator(".message")).not_to_contain_text("Undo")
    assert states(person, *FAMILY) == dict.fromkeys(FAMILY, (False, False))
    # To the trash with its family, in one go; back with Undo.
    menu = open_menu(page, "Pack")
    delete = menu.locator("[data-delete]")
    assert_usable(delete)
    delete.click()
    expect(page.locator(".message")).to_contain_text("trash")
    assert states(person, *FAMILY) == dict.fromkeys(FAMILY, (False, True))
    page.reload()
    expect_titles(page, ["Book flights", "Visit the museum"])
    # Back from the trash page, all of it, in its place.
    page.goto("/trash/")
    restore = page.locator("li", has_text="Pack").locator("button", has_text="Restore")
    assert_usable(restore)
    restore.click()
    expect(page.locator(".message")).to_contain_text("Restored “Pack” with 3 related tasks.")
    assert states(person, *FAMILY) == dict.fromkeys(FAMILY, (False, False))
    page.goto(f"/projects/{ids['project'].pk}/")
    expect_titles(page, START)
