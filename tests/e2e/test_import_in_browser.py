"""Import in a real browser: each format's file is chosen, its preview shows what will be
made and what cannot come across, and its one "Import" button brings the tasks in; the same
file a second time adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.browser import serious_accessibility_violations
from tests.e2e.usable import assert_usable
from tests.factories import as_user

FILES = Path(__file__).resolve().parents[2] / "interchange" / "tests" / "files"

# (file, what the preview lists first, a loss it reports, a task made)
CASES = [
    ("Groceries.csv", "Buy milk", "the app has no assignees", "Plan the meals"),
    ("ticktick-backup.csv", "Fix the tap", "its folder “Life”", "Weekly report"),
    ("todo.txt", "Thank Mom for the meatballs", "below (D)", "Pay rent"),
    ("tasks.ics", "Submit quarterly report", "an attachment", "Renew the car insurance"),
    ("export.json", "Book the van", "FREQ=SECONDLY is not one the app keeps", "Compare prices"),
]


@pytest.mark.parametrize(("name", "first", "loss", "made"), CASES, ids=[case[0] for case in CASES])
def test_each_format_imports_with_its_preview_and_its_loss_report(signed_in, person, name, first, loss, made):
    page = signed_in
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Import tasks…").click()
    expect(page.get_by_role("heading", name="Import tasks")).to_be_visible()
    page.set_input_files("#id_file", str(FILES / name))
    assert_usable(page.get_by_label("Format"))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name=f"Import “{name}”")).to_be_visible()
    expect(page.locator("table.import-preview")).to_contain_text(first)
    expect(page.locator(".import-losses")).to_contain_text(loss)
    assert serious_accessibility_violations(page) == []
    button = page.get_by_role("button", name="Import", exact=True)
    assert_usable(button)
    button.click()
    expect(page.locator(".message").first).to_contain_text("Imported ")
    with as_user(person):
        count = Task.objects.filter(user=person).count()
        assert Task.objects.filter(user=person, title=made).exists()
    # The same file again: the preview says so and its button has nothing to import.
    page.goto("/accounts/import/")
    page.set_input_files("#id_file", str(FILES / name))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".import-counts")).to_contain_text("imported before")
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_disabled()
    with as_user(person):
        assert Task.objects.filter(user=person).count() == count


def test_a_file_that_is_not_tasks_is_said_on_the_form(signed_in):
    page = signed_in
    page.goto("/accounts/import/")
    page.set_input_files("#id_file", {"name": "notes.json", "mimeType": "application/json", "buffer": b"{oops"})
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".has-error")).to_contain_text("It is not JSON")


@pytest.fixture
def worker(tmp_path, transactional_db):
    """The worker as the Procfile runs it (`manage.py procrastinate worker`), on the test
    database as the app role, taking the import queue."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from reminders.tests.worker import empty_queue
    from tests.servers import database_urls

    log = tmp_path / "worker.log"
    env = {**os.environ, **database_urls(), "DEBUG": "true", "ENV_FILE": "", "WORKER_CONCURRENCY": "1"}
    command = [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "interchange"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=FILES.parents[2], env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while "Starting worker" not in log.read_text() and time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        time.sleep(0.1)
    yield process
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    # The queue's tables are not Django's models: a test's flush leaves the jobs the worker
    # deferred (its periodic ones too), which a later test would take for a stuck queue.
    empty_queue()


def test_a_large_file_is_imported_by_the_worker_while_the_page_follows_it(signed_in, person, worker, tmp_path):
    page = signed_in
    big = tmp_path / "big.txt"
    big.write_text("".join(f"Task {n} +Big @many due:2027-01-{n % 28 + 1:02d}\n" for n in range(1500)))
    page.goto("/accounts/import/")
    page.set_input_files("#id_file", str(big))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".import-counts")).to_contain_text("1500")
    page.get_by_role("button", name="Import", exact=True).click()
    # The page looks again on its own: how far the worker has come, then what it made.
    expect(page.locator(".import-state")).to_contain_text("of 1500 tasks made", timeout=60_000)
    expect(page.get_by_role("progressbar", name="Tasks made")).to_be_visible()
    expect(page.locator(".import-state")).to_contain_text("Imported 1500 tasks, 1 project and 1 label.", timeout=90_000)
    page.get_by_role("link", name="See your tasks").click()
    with as_user(person):
        assert Task.objects.filter(user=person, project__name="Big").count() == 1500
