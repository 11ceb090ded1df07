"""The repository: no secret is committed, local settings stay out of git, and `make test` explains itself."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"AKIA[0-9A-Z]{16}"),  # an AWS access key id
    re.compile(r"(?i)(secret_key|password|token)\s*=\s*['\"][A-Za-z0-9+/_\-]{24,}['\"]"),
    re.compile(r"postgres(ql)?://[^:\s/]+:[^@\s$…]{6,}@(?!127\.0\.0\.1|localhost|db|host)"),
]


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in out.splitlines() if not name.endswith(".png")]


def test_no_secret_in_any_tracked_file():
    found = []
    for path in tracked_files():
        if path.name == "test_repository.py" or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        for pattern in SECRET_PATTERNS:
            for match in pattern.finditer(text):
                # The local-development key says what it is; everything else is a finding.
                if "insecure" not in match.group(0):
                    found.append(f"{path.relative_to(ROOT)}: {match.group(0)[:40]}")
    assert found == []


def test_local_settings_and_data_are_ignored():
    ignored = subprocess.run(
        ["git", "check-ignore", ".env", ".data/postgres", "backups/x.dump", "staticfiles/x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert ignored == [".env", ".data/postgres", "backups/x.dump", "staticfiles/x"]


def test_make_test_says_why_tests_were_skipped():
    # pytest's -rs lists each skipped test with its reason (no Chromium, no PgBouncer, no Redis).
    recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pytest -rs" in recipe


def test_the_readme_names_every_redis_database_the_tests_empty():
    """A person with a Redis of their own reads which of its databases the suite empties."""
    readme = " ".join((ROOT / "README.md").read_text().split())
    for test_file in ("accounts/tests/test_rate_limits.py", "tests/test_workers.py"):
        for database in re.findall(r"redis://127\.0\.0\.1:6379/(\d+)", (ROOT / test_file).read_text()):
            assert f"{database} (`{test_file}`)" in readme, (database, test_file)
    assert """make test ARGS='-k "not redis"'""" in readme
