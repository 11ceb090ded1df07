// The person's own order, on a page that shows it (a project's, the Inbox: the list carries
// `data-outline`): a row's "Move up" and "Move down" (its menu, or Alt+↑ / Alt+↓ on the
// selected or focused row) posted without leaving the page. Each move posts what its plain
// form posts (POST /tasks/<id>/move/); the list is then read again from the page's own
// address, so the rows, their depths and their neighbours' ids are the server's.

import { getHTML, post } from "./network.js";
import { list, say, select } from "./rows.js";

export const outline = list && list.matches("[data-outline]") ? list : null;

// The list as the server shows it now, the focus back on the row `id`.
async function reloadList(id) {
  const html = await getHTML(location.pathname + location.search);
  const fresh = html && new DOMParser().parseFromString(html, "text/html").querySelector("[data-task-list]");
  if (!fresh) {
    location.reload();
    return;
  }
  outline.replaceChildren(...fresh.childNodes);
  const row = document.getElementById(`task-${id}`);
  if (row) select(row);
}

// Move `row` (with its sub-tasks) where `data` says (`before`, `after`, `section`...).
export async function moveRow(row, url, data) {
  const id = row.id.replace("task-", "");
  try {
    const result = await post(url, data);
    await reloadList(id);
    say(result.message);
  } catch (error) {
    say(error.message, { error: true });
  }
}

// Press the row's "Move up" or "Move down" (`direction`); at the top or the bottom of its
// group there is none, and nothing moves.
export function pressMove(row, direction) {
  const form = row.querySelector(`form[data-move=${direction}]`);
  if (!form) {
    say(direction === "up" ? "It is already first here." : "It is already last here.");
    return;
  }
  row.querySelector("details.row-menu")?.removeAttribute("open");
  moveRow(row, form.action, new FormData(form));
}

export function enhanceOrder() {
  if (!outline) return;
  outline.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-move]");
    if (!form) return;
    event.preventDefault();
    pressMove(form.closest("[data-task]"), form.dataset.move);
  });
}
