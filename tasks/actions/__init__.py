"""Every write to a person's data: the one door (DESIGN §11).

Pages, the API, the importer, the worker and the operators' commands call these functions;
views and forms only validate and dispatch. Each function runs in one transaction, takes
plain values (a person, ids, dates, names), and returns a `Result` that says what happened:
the task, how many changed, the next date, the Undo token, a conflict with both values.

- `base`: `Result`, the person's lock for limits, and the "due moment changed" signal;
- `tasks`: one task: create, update, toggle, complete an occurrence, trash, restore;
- `bulk`: many tasks at once, set-wise: complete, reopen, trash, move, priority, label, due;
  "complete all", "clear completed", "empty trash";
- `organise`: projects and labels (labels made from names within the limits);
- `undo`: one-time Undo tokens, each checking that nothing changed since.

Call them inside the person's RLS context: a request of theirs (the middleware sets it), or
`todo_project.rls.user_context` in a command or a job.
"""
