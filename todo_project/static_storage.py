"""The static files storage in production: whitenoise's compressed, hashed files, with the
script's ES module imports rewritten to the hashed names.

static/js/app.js imports its modules by relative path (`import … from "./app/rows.js";`). With
hashed names those paths would load the unhashed copies, which are not cached for long and
could come from a different release than the entry that imports them; Django rewrites them to
the hashed names when asked to (off by default; tests/test_static_files.py checks the result).
It finds them with a regular expression: write each one on the pattern above, with the
closing semicolon, and a relative path.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    # A page names the same few files every time, and the manifest does not change while a
    # process serves: each URL is worked out once, not on every page (tens of microseconds each).
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        if (url := self._urls.get(name)) is None:
            url = self._urls[name] = super().url(name)
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()  # collectstatic: new hashed names
        yield from super().post_process(*args, **kwargs)
