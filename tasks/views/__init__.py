"""The task pages, by family: `lists` (every page of tasks and the trash), `task` (one task:
create, edit, toggle, delete, restore, the quick-add preview), `bulk` (many at once, and
Undo), `organise` (projects and labels). Views validate and dispatch to `tasks.actions`;
they never write.

Each change is a plain form POST that redirects (works without JavaScript). When the
request says `Accept: application/json` (the script does), the same view answers with JSON
instead: a message, the re-rendered row and the new counts (docs/ARCHITECTURE.md).
"""
