"""A task's description on its row: Markdown, made safe, with links that open."""

from __future__ import annotations

import re

import pytest

from tasks.descriptions import description_html, markdown_html
from tests.factories import make_task

pytestmark = pytest.mark.django_db


def description_on_the_list(client, owner, text: str) -> str:
    make_task(owner, title="Call the plumber", description=text)
    page = client.get("/").content.decode()
    assert '<span class="task-title" id="title-' in page
    found = re.search(r'<div class="task-description">(.*?)</div>\n', page, re.DOTALL)
    return found.group(1) if found else ""  # nothing left to show


def test_a_description_shows_its_markdown_and_its_links_open_in_a_new_tab(owner_client, owner):
    shown = description_on_the_list(
        owner_client, owner, "Ask **Anna** about the [quote](https://example.com/q?a=1&b=2)\n- tap\n- `sink`"
    )
    assert shown == (
        '<p>Ask <strong>Anna</strong> about the <a href="https://example.com/q?a=1&amp;b=2" target="_blank"'
        ' rel="noopener noreferrer">quote</a></p>\n<ul>\n<li>tap</li>\n<li><code>sink</code></li>\n</ul>'
    )


def test_a_bare_web_address_becomes_a_link(owner_client, owner):
    shown = description_on_the_list(owner_client, owner, "Manual: https://example.com/manual.pdf")
    assert '<a href="https://example.com/manual.pdf" target="_blank" rel="noopener noreferrer">' in shown


def test_plain_lines_stay_lines(owner_client, owner):
    shown = description_on_the_list(owner_client, owner, "Kitchen tap\nBathroom too\n\nBefore 5 pm")
    assert shown == "<p>Kitchen tap<br>\nBathroom too</p>\n<p>Before 5 pm</p>"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Look <script>alert(1)</script> here",
        '<img src="x" onerror="alert(1)">',
        'Look <img src=x onerror=alert(1)> here and <b onmouseover="alert(1)">there</b>',
        "[click](javascript:alert(1)) [again](JaVaScRiPt:alert(1)) [spaced](java\tscript:alert(1))",
        '<a href="javascript:alert(1)">html link</a> <a href="https://example.com" onclick="alert(1)">x</a>',
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))",
        "<iframe src=https://example.com></iframe><style>body{display:none}</style>",
        '[x](https://example.com "title" onmouseover="alert(1)")',
    ],
)
def test_no_html_script_or_script_link_gets_through(owner_client, owner, text):
    """What comes out is text and the tags Markdown makes: no element, attribute or link
    address of the description's own (it may still read as text, escaped)."""
    shown = description_on_the_list(owner_client, owner, text)
    tags = re.findall(r"<(\w+)([^>]*)>", shown)
    assert {name for name, _ in tags} <= {"p", "a", "br", "strong", "em", "code"}
    for _, attributes in tags:
        assert set(re.findall(r"([\w-]+)=", attributes)) <= {"href", "target", "rel"}
        assert all(href.startswith("https://") for href in re.findall(r'href="([^"]*)"', attributes))


def test_every_link_has_noopener_and_noreferrer():
    shown = description_html("[a](https://example.com) <https://example.org> mailto:me@example.com")
    links = re.findall(r"<a [^>]*>", shown)
    assert len(links) == 3
    assert all('rel="noopener noreferrer"' in link for link in links)


def test_text_without_markdown_renders_as_markdown_would_render_it():
    """The shortcut for text with no Markdown in it (most descriptions) gives what the Markdown
    reader would."""
    for text in [
        "Buy milk",
        "Line one\nline two",
        "  Padded line  \nnext\n\n\n  Second paragraph\n",
        'Tom\'s "quote", 50% off; (maybe) 10:30 or 11.30? x/y',
        "ends with a dot.",
        "Numbers 1. inside a line",
    ]:
        assert description_html(text) == markdown_html(text), text


def test_the_edit_page_shows_the_description_as_typed_and_says_markdown_works(owner_client, owner):
    task = make_task(owner, title="Call the plumber", description="Ask **Anna** <b>now</b>")
    page = owner_client.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert "Ask **Anna** &lt;b&gt;now&lt;/b&gt;</textarea>" in page
    assert "Markdown: **bold**, _italic_, [a link](https://…), “- ” for a list." in page
