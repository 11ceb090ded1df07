"""Static files as production serves them: hashed names, and the script's modules importing
each other by those hashed names (a relative import left as written would load an unhashed
copy, from whichever release the server has)."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from tests.test_production_settings import ROOT, run

# `import … from "./x.js"`, `export … from "./x.js"`, `import "./x.js"`, `import("./x.js")`;
# not the word in a string (`"from" in dataset`) or a property (`x.from`).
SPECIFIER = re.compile(r"""(?<!["'.])\b(?:from|import)\s*\(?\s*["']([^"']+)["']""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.js$")


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """collectstatic with production settings into a directory of its own, and its manifest."""
    root = tmp_path_factory.mktemp("static")
    code = (
        "import django, sys; django.setup();"
        "from django.core.management import call_command;"
        "from django.test.utils import override_settings;"
        f"override = override_settings(STATIC_ROOT={str(root)!r}); override.enable();"
        "call_command('collectstatic', '--noinput', verbosity=0)"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr + result.stdout
    return root, json.loads((root / "staticfiles.json").read_text())["paths"]


def imports(path: Path) -> list[str]:
    return SPECIFIER.findall(path.read_text())


def test_the_entry_module_is_hashed(collected):
    root, manifest = collected
    assert HASHED.search(manifest["js/app.js"])
    assert imports(root / manifest["js/app.js"]), "the entry module imports the others"


def test_every_import_in_the_hashed_modules_names_a_hashed_file_that_exists(collected):
    root, manifest = collected
    hashed_names = set(manifest.values())
    seen, todo = set(), [manifest["js/app.js"]]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for specifier in imports(root / name):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), specifier))
            assert specifier.startswith("./") or specifier.startswith("../"), (name, specifier)
            assert target in hashed_names, f"{name} imports {specifier}, not a hashed file"
            assert (root / target).is_file(), f"{name} imports {specifier}, which is missing"
            todo.append(target)
    # Every module of the script is reached from the entry, by its hashed name.
    modules = {path.relative_to(ROOT / "static").as_posix() for path in (ROOT / "static" / "js").rglob("*.js")}
    assert seen == {manifest[module] for module in modules}


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_apps_icon(client):
    # Browsers ask for it on any page that names no icon (the admin's); a 404 there is an
    # error in the browser's console.
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".png") and "/icons/icon-192" in response["Location"]
