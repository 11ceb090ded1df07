// The task rows: toggling and trashing one in place, with the row, the counts and the message
// the server sends back (and Undo); which row is selected (for the keyboard shortcuts).

import { getHTML, post, postUndo } from "./network.js";

export const list = document.querySelector("[data-task-list]");
// A page in the person's own order (tasks.outline): a change to one row can change its family
// (completing or trashing a parent), so the list is read again instead of the row replaced.
const outlined = Boolean(list?.matches("[data-outline]"));
const idOf = (row) => row.id.replace(/^task-/, "");
const todo = document.querySelector("[data-todo]");
const messages = document.querySelector("[data-messages]");
const status = new URLSearchParams(location.search).get("status") || "all";

// The message line at the top of the page: one message at a time, maybe with an Undo button.
export function say(text, { error = false, undo = null } = {}) {
  if (!messages) return;
  messages.replaceChildren();
  const item = document.createElement("li");
  item.className = `message message-${error ? "error" : "success"}`;
  const span = document.createElement("span");
  span.textContent = text;
  item.append(span);
  if (undo) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = "Undo";
    button.dataset.undo = "";
    button.addEventListener("click", () => { button.disabled = true; undo(); }, { once: true });
    item.append(" ", button);
  }
  messages.append(item);
}

// Today's and Upcoming's headings say how many tasks are under each (until the next heading).
function recountGroups() {
  if (!list) return;
  let heading = null;
  let count = 0;
  const write = () => {
    const label = heading?.querySelector("[data-group-count]");
    if (label) label.textContent = `${count} task${count === 1 ? "" : "s"}`;
  };
  for (const item of list.children) {
    if (item.matches("[data-group]")) {
      write();
      heading = item;
      count = 0;
    } else if (item.matches("[data-task]")) {
      count += 1;
    }
  }
  write();
}

function updateCounts(counts, sidebarCounts) {
  recountGroups();
  for (const [name, value] of Object.entries(sidebarCounts || {})) {
    document.querySelectorAll(`[data-sidebar-count="${name}"]`).forEach((el) => { el.textContent = value; });
  }
  const empty = todo?.querySelector("[data-empty]");
  if (empty && list) empty.hidden = list.querySelector("[data-task]") !== null;
  if (!counts || !todo) return;
  for (const [name, value] of Object.entries(counts)) {
    todo.querySelectorAll(`[data-count="${name}"]`).forEach((el) => { el.textContent = value; });
  }
  syncToggleAll(counts);
  const left = todo.querySelector("[data-items-left]");
  if (left) left.textContent = `${counts.active} item${counts.active === 1 ? "" : "s"} left`;
  const clear = todo.querySelector("[data-clear-completed]");
  if (clear) clear.hidden = counts.completed === 0;
}

// Toggle-all is pressed when every task is done, and says what a press will do.
function syncToggleAll(counts) {
  const button = todo.querySelector("[data-toggle-all]");
  if (!button) return;
  const allDone = counts.all > 0 && counts.active === 0;
  const label = allDone ? "Mark all as not done" : "Mark all as done";
  button.setAttribute("aria-pressed", String(allDone));
  button.title = label;
  button.querySelector("[data-toggle-all-label]").textContent = label;
  button.form.querySelector("[data-toggle-all-action]").value = allDone ? "reopen" : "complete";
}

function rowFromHTML(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

function belongsHere(row) {
  const done = row.classList.contains("is-completed");
  if (todo && "activeOnly" in todo.dataset) {
    // Today and Upcoming list active tasks; Today those due by today (a repeating task that
    // moved on to a later date leaves it).
    const due = row.querySelector(".due time")?.getAttribute("datetime");
    return !done && !(todo.dataset.dueBy && due && due > todo.dataset.dueBy);
  }
  return status === "all" || (status === "active" && !done) || (status === "completed" && done);
}

// Today's and Upcoming's groups say which dates they hold (`data-from`, `data-until`).
const dueOf = (row) => row.querySelector(".due time")?.getAttribute("datetime") || "";
const holds = (group, due) => Boolean(due) && ("from" in group.dataset || "until" in group.dataset) &&
  (!group.dataset.from || due >= group.dataset.from) && (!group.dataset.until || due <= group.dataset.until);

function groupOf(row) {
  let item = row.previousElementSibling;
  while (item && !item.matches("[data-group]")) item = item.previousElementSibling;
  return item;
}

// On an agenda, a row whose date changed (an edit, a repeating task moved on, an Undo) goes
// under the group that holds its new date, after the rows due before it; with no such group
// on the page (a day not loaded yet, no date any more), it leaves the page. Returns the row,
// or null when it left.
function regroup(row) {
  const here = groupOf(row);
  const due = dueOf(row);
  if (!here || holds(here, due)) return row;
  const target = [...list.querySelectorAll(":scope > [data-group]")].find((group) => holds(group, due));
  if (!target) {
    row.remove();
    return null;
  }
  let next = target.nextElementSibling;
  while (next && !next.matches("[data-group], .add-under-day") && !(next !== row && dueOf(next) > due)) {
    next = next.nextElementSibling;
  }
  if (next) next.before(row);
  else list.append(row);
  return row;
}

function replaceRow(row, html) {
  const fresh = rowFromHTML(html);
  if (belongsHere(fresh)) {
    row.replaceWith(fresh);
    return regroup(fresh);
  }
  row.remove();
  return null;
}

// --- selection ----------------------------------------------------------------------------

export function rows() {
  return list ? [...list.querySelectorAll("[data-task]")] : [];
}

export function selected() {
  return list ? list.querySelector("[data-task].is-selected") : null;
}

export function select(row) {
  rows().forEach((r) => r.classList.remove("is-selected"));
  row.classList.add("is-selected");
  row.focus();
}

// The list as the server shows it now, the row `id` selected (and, with `onHandle`, the focus
// on its drag handle, so the arrows go on moving it).
export async function reloadList(id, { onHandle = false } = {}) {
  const html = await getHTML(location.pathname + location.search);
  const fresh = html && new DOMParser().parseFromString(html, "text/html").querySelector("[data-task-list]");
  if (!fresh) {
    location.reload();
    return;
  }
  list.replaceChildren(...fresh.childNodes);
  const row = id && document.getElementById(`task-${id}`);
  if (row) select(row);
  if (row && onHandle) row.querySelector("[data-drag]")?.focus();
}

// A change on an outlined page: the list read again, the counts, the message and its Undo.
async function changeOutline(row, request) {
  const id = idOf(row);
  const result = await request();
  await reloadList(id);
  updateCounts(result.counts, result.sidebar);
  const undo = async () => {
    try {
      const undone = await postUndo(result.undo_url);
      await reloadList(id);
      updateCounts(undone.counts, undone.sidebar);
      say(undone.message);
    } catch (error) {
      say(error.message, { error: true });
    }
  };
  say(result.message, result.undo_url ? { undo } : {});
}

// --- toggle -------------------------------------------------------------------------------

// Post one row's form; show the row the server sends back, the new counts and the message.
export async function submitRow(row, form) {
  if (outlined) {
    await changeOutline(row, () => post(form.action, new FormData(form)));
    return;
  }
  // Where the row was, for its Undo, and the row the focus moves on to if it leaves the page.
  const place = row.nextElementSibling;
  const neighbour = neighbourOf(row);
  const group = list && groupOf(row);
  const result = await post(form.action, new FormData(form));
  const fresh = replaceRow(row, result.row);
  updateCounts(result.counts, result.sidebar);
  // Every change can be undone: a completion, a rename, a repeating task moved on.
  say(result.message, result.undo_url ? { undo: () => undoRow(fresh, result.undo_url, place) } : {});
  // The selection stays where the person is: on the row, or the next one if it left the page
  // or moved to another day.
  if (fresh && groupOf(fresh) === group) select(fresh);
  else if (neighbour && neighbour.isConnected) select(neighbour);
  else if (fresh) select(fresh);
}

async function undoRow(row, url, place = null) {
  try {
    const result = await postUndo(url);
    if (row && row.isConnected) {
      if (result.row) replaceRow(row, result.row);
    } else if (list && result.row) {
      const fresh = rowFromHTML(result.row);
      if (belongsHere(fresh) && place && place.isConnected) place.before(fresh);
      else if (belongsHere(fresh)) list.prepend(fresh);
    }
    updateCounts(result.counts, result.sidebar);
    say(result.message);
  } catch (error) {
    say(error.message, { error: true });
  }
}

export async function toggle(row) {
  try {
    await submitRow(row, row.querySelector("form[data-action=toggle]"));
  } catch (error) {
    say(error.message, { error: true });
  }
}

// --- delete with undo ---------------------------------------------------------------------

// The row the selection moves on to when `row` leaves the page: the next task, else the one
// before (never a group heading between them).
function neighbourOf(row) {
  const all = rows();
  const index = all.indexOf(row);
  return all[index + 1] || all[index - 1] || null;
}

export async function trash(row) {
  if (outlined) {
    try {
      await changeOutline(row, () => post(row.querySelector("[data-delete]").href));
    } catch (error) {
      say(error.message, { error: true });
    }
    return;
  }
  const next = row.nextElementSibling;
  const neighbour = neighbourOf(row);
  try {
    const result = await post(row.querySelector("[data-delete]").href);
    row.remove();
    updateCounts(result.counts, result.sidebar);
    if (neighbour && neighbour.isConnected) select(neighbour);
    say(result.message, {
      undo: async () => {
        try {
          const restored = await postUndo(result.undo_url);
          const fresh = rowFromHTML(restored.row);
          if (next && next.isConnected) next.before(fresh);
          else list.append(fresh);
          updateCounts(restored.counts, restored.sidebar);
          say(restored.message);
          select(fresh);
        } catch (error) {
          say(error.message, { error: true });
        }
      },
    });
  } catch (error) {
    say(error.message, { error: true });
  }
}

// --- wiring -------------------------------------------------------------------------------

// A row's toggle and its Delete link, in place (the in-place editor is edit.js's, the moves
// order.js's). A parent's fold posts as a plain form: the page comes back folded.
export function enhanceRows() {
  if (!list) return;
  list.addEventListener("submit", (event) => {
    const form = event.target;
    const row = form.closest("[data-task]");
    if (!row || form.dataset.action !== "toggle") return;
    event.preventDefault();
    toggle(row);
  });
  list.addEventListener("click", (event) => {
    const row = event.target.closest("[data-task]");
    if (!row) return;
    const menu = event.target.closest("details.row-menu");
    if (menu && event.target.closest("a")) menu.open = false;
    if (event.target.closest("[data-delete]")) {
      event.preventDefault();
      trash(row);
    }
  });
}
