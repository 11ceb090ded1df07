"""The access logs in front of the app, gunicorn's (the Procfile's web line) and nginx's
(docs/nginx.conf), carry no query string, no Referer and no path.

A query holds what someone searched for or typed (`/?q=divorce`, the add box's preview at
`/tasks/parse/?title=…`), a Referer the same of the page before, and a path a key (an email
confirmation or a password reset link). The app logs each request itself, with its path's
keys replaced by their names (tests/test_request_log.py); the request id joins the lines.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bench.measure import request
from bench.pgbouncer import free_port, stop, wait_for
from tests import servers

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ("divorce", "lawyer", "search.example", "a-secret-confirmation-key")


def procfile_web_command(port: int) -> list[str]:
    """The Procfile's web line as its shell would run it, on a loopback port with one worker."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:"))
    assert words[:2] == ["gunicorn", "todo_project.wsgi"], line
    values = {"PORT": str(port), "WEB_CONCURRENCY": "1"}
    words = [re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: values.get(m[1], m[2]), word) for word in words]
    words[words.index("--bind") + 1] = f"{servers.HOST}:{port}"
    # Not the control socket in the home folder, which every server there would share.
    return [str(Path(sys.executable).with_name("gunicorn")), *words[1:], "--no-control-socket"]


@pytest.mark.django_db
def test_the_procfile_web_process_logs_no_query_string_referer_or_path(tmp_path):
    environment = servers.production_environment(tmp_path)
    servers.collect_static(environment)
    port = free_port()
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(procfile_web_command(port), cwd=ROOT, env=environment, stdout=stdout, stderr=stderr)
        try:
            wait_for(port, process, err, timeout=servers.TIMEOUT)
            ids = []
            for path in (
                "/?q=divorce",
                "/tasks/parse/?title=Call+my+lawyer+about+the+divorce",
                "/accounts/confirm-email/a-secret-confirmation-key/",
            ):
                ids.append(uuid.uuid4().hex)
                headers = {"Referer": "https://search.example/?q=divorce+lawyer", "X-Request-ID": ids[-1]}
                reply = request(servers.HOST, port, "GET", path, headers=headers)
                assert reply.status in (200, 302), (path, reply.status, err.read_text())
        finally:
            stop(process)
    log = out.read_text() + err.read_text()
    lines = [line for line in out.read_text().splitlines() if " GET " in line]
    for private in PRIVATE:
        assert private not in log, log
    # One access line per request, joined to the app's own line by the request id.
    assert [next((i for i in ids if i in line), line) for line in lines] == ids, log


def nginx_servers(text: str) -> list[str]:
    """The conf's `server { … }` blocks, each as text."""
    blocks = []
    for start in re.finditer(r"\bserver\s*\{", text):
        depth, at = 0, start.end() - 1
        for at in range(start.end() - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            if depth == 0:
                break
        blocks.append(text[start.start() : at + 1])
    return blocks


def test_nginx_logs_every_site_with_a_format_without_query_string_referer_or_path():
    text = re.sub(r"#[^\n]*", "", (ROOT / "docs" / "nginx.conf").read_text())
    formats = {
        name: "".join(re.findall(r"'([^']*)'", body))
        for name, body in re.findall(r"\blog_format\s+(\w+)((?:\s+'[^']*')+)\s*;", text)
    }
    assert formats, "docs/nginx.conf defines no log_format"
    forbidden = re.compile(
        r"\$\{?(request|args|query_string|request_uri|http_referer|uri|document_uri|is_args|arg_\w+)\b"
    )
    for name, fmt in formats.items():
        assert not forbidden.search(fmt), f"log_format {name} logs {forbidden.search(fmt)[0]}"
        assert "$request_id" in fmt  # joins nginx's line to the app's
    servers_ = nginx_servers(text)
    assert len(servers_) == 2
    for block in servers_:
        logs = re.findall(r"\baccess_log\s+(\S+)\s+(\w+)", block)
        assert logs, f"a server without its own access_log logs in nginx's default format:\n{block}"
        assert all(fmt in formats for _, fmt in logs), logs
