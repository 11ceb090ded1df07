// Progressive enhancement for the task list. Every action here also works as a plain form
// without JavaScript; this module only saves the page reload. No inline scripts (CSP).

const list = document.querySelector("[data-task-list]");
const todo = document.querySelector("[data-todo]");
const messages = document.querySelector("[data-messages]");
const status = new URLSearchParams(location.search).get("status") || "all";

document.querySelectorAll("[data-js-only]").forEach((el) => { el.hidden = false; });
document.querySelectorAll("[data-no-js-only]").forEach((el) => { el.hidden = true; });

// The sidebar is a menu on a narrow screen: closed until asked for (open without JavaScript).
const sidebar = document.querySelector("[data-sidebar]");
if (sidebar && window.matchMedia("(max-width: 900px)").matches) sidebar.open = false;

// Row menus (a <details> each): one open at a time; Escape or a click elsewhere closes it.
function closeMenus(except = null) {
  document.querySelectorAll("details.row-menu[open]").forEach((menu) => {
    if (menu !== except) menu.open = false;
  });
}
document.addEventListener("toggle", (event) => {
  if (event.target.matches?.("details.row-menu") && event.target.open) closeMenus(event.target);
}, true);
document.addEventListener("click", (event) => {
  if (!event.target.closest("details.row-menu")) closeMenus();
});
document.addEventListener("keydown", (event) => {
  const menu = event.target.closest?.("details.row-menu[open]");
  if (event.key === "Escape" && menu) {
    event.preventDefault();
    event.stopPropagation();
    menu.open = false;
    menu.querySelector("summary").focus();
  }
}, true);

// Selecting: "All" checks every row's box; the bulk bar shows the one value its action needs,
// and how many tasks are selected.
const bulk = document.querySelector("[data-bulk]");
if (bulk) {
  const count = bulk.querySelector("[data-selected-count]");
  const countSelected = () => {
    const n = document.querySelectorAll("[data-task] input.select:checked").length;
    if (count) count.textContent = `${n} selected`;
  };
  document.addEventListener("change", (event) => {
    if (event.target.matches("input.select, [data-select-all]")) countSelected();
  });
  countSelected();
  const action = bulk.querySelector("[data-bulk-action]");
  const showValue = () => {
    bulk.querySelectorAll("[data-bulk-for]").forEach((field) => {
      field.hidden = !field.dataset.bulkFor.split(" ").includes(action.value);
    });
  };
  action.addEventListener("change", showValue);
  showValue();
  bulk.querySelector("[data-select-all]")?.addEventListener("change", (event) => {
    document.querySelectorAll("[data-task] input.select").forEach((box) => { box.checked = event.target.checked; });
    countSelected();
  });
}

// Signup takes the browser's time zone (the server checks it against the IANA list).
document.querySelectorAll("input[data-browser-timezone]").forEach((input) => {
  input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
});

// The sort menu applies itself.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function post(url, data) {
  const body = data instanceof FormData ? data : new FormData();
  if (!body.has("csrfmiddlewaretoken")) body.append("csrfmiddlewaretoken", csrfToken());
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  let payload = {};
  try { payload = await response.json(); } catch { /* not JSON: a login redirect or an error page */ }
  if (!response.ok || payload.message === undefined) {
    const errors = payload.errors ? Object.values(payload.errors).flat().map((e) => e.message) : [];
    const error = new Error(errors.join(" ") || "That did not work. Reload the page and try again.");
    error.current = payload.current; // what another tab saved meanwhile (a 409)
    throw error;
  }
  return payload;
}

function say(text, { error = false, undo = null } = {}) {
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
    button.addEventListener("click", undo, { once: true });
    item.append(" ", button);
  }
  messages.append(item);
}

function updateCounts(counts, sidebarCounts) {
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

function replaceRow(row, html) {
  const fresh = rowFromHTML(html);
  if (belongsHere(fresh)) {
    row.replaceWith(fresh);
    return fresh;
  }
  row.remove();
  return null;
}

// --- toggle -------------------------------------------------------------------------------

// Post one row's form; show the row the server sends back, the new counts and the message.
async function submitRow(row, form) {
  const result = await post(form.action, new FormData(form));
  const fresh = replaceRow(row, result.row);
  updateCounts(result.counts, result.sidebar);
  // A repeating task moved on to its next date: Undo puts it back.
  say(result.message, result.undo_url ? { undo: () => undoRow(fresh, result.undo_url) } : {});
  if (fresh) select(fresh);
}

async function undoRow(row, url) {
  try {
    const result = await post(url);
    if (row && row.isConnected) {
      replaceRow(row, result.row);
    } else if (list) {
      const fresh = rowFromHTML(result.row);
      if (belongsHere(fresh)) list.prepend(fresh);
    }
    updateCounts(result.counts, result.sidebar);
    say(result.message);
  } catch (error) {
    say(error.message, { error: true });
  }
}

async function toggle(row) {
  try {
    await submitRow(row, row.querySelector("form[data-action=toggle]"));
  } catch (error) {
    say(error.message, { error: true });
  }
}

// --- inline edit --------------------------------------------------------------------------

// The in-place editor is cloned from one <template>, not written into every row.
function startEditing(row) {
  if (row.querySelector("form[data-action=edit]")) return;
  const title = row.querySelector("[data-title]");
  const form = document.getElementById("inline-edit-template").content.firstElementChild.cloneNode(true);
  form.action = row.querySelector("[data-edit]").href;
  const input = form.querySelector("input[name=title]");
  input.value = title.textContent;
  // The title as read: the server saves only a change, and says so if it changed meanwhile.
  form.querySelector("input[name=initial-title]").value = title.textContent;
  title.hidden = true;
  title.after(form);
  row.classList.add("is-editing");
  input.focus();
  input.select();
}

function stopEditing(row) {
  // Focus goes back to the row before the editor goes (removing a focused input would drop
  // it to the page); the focusout that fires is told the editor is closing, not to save.
  const form = row.querySelector("form[data-action=edit]");
  if (form) form.dataset.closing = "1";
  row.focus();
  form?.remove();
  row.querySelector("[data-title]").hidden = false;
  row.classList.remove("is-editing");
}

async function saveEdit(row) {
  const form = row.querySelector("form[data-action=edit]");
  if (!row.isConnected || !form || form.dataset.saving || form.dataset.closing) return;
  const title = row.querySelector("[data-title]").textContent;
  const input = form.querySelector("input[name=title]");
  if (input.value.trim() === title) {
    stopEditing(row);
    return;
  }
  if (!input.value.trim()) {
    // TodoMVC: saving an empty title deletes the task; here, to the trash, with Undo.
    stopEditing(row);
    trash(row);
    return;
  }
  form.dataset.saving = "1";
  try {
    await submitRow(row, form);
  } catch (error) {
    // Refused (an empty title, or changed meanwhile): keep editing so nothing typed is lost.
    // After a conflict, the title saved meanwhile becomes the one read: saving again wins.
    if (error.current?.title !== undefined) form.querySelector("input[name=initial-title]").value = error.current.title;
    say(error.message, { error: true });
    input.focus();
  } finally {
    delete form.dataset.saving;
  }
}

// --- delete with undo ---------------------------------------------------------------------

async function trash(row) {
  const next = row.nextElementSibling;
  const neighbour = next || row.previousElementSibling;
  try {
    const result = await post(row.querySelector("[data-delete]").href);
    row.remove();
    updateCounts(result.counts, result.sidebar);
    if (neighbour && neighbour.isConnected) select(neighbour);
    say(result.message, {
      undo: async () => {
        try {
          const restored = await post(result.undo_url);
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

if (list) {
  list.addEventListener("submit", (event) => {
    const form = event.target;
    const row = form.closest("[data-task]");
    if (!row) return;
    event.preventDefault();
    if (form.dataset.action === "toggle") toggle(row);
    else if (form.dataset.action === "edit") saveEdit(row);
  });
  list.addEventListener("click", (event) => {
    const row = event.target.closest("[data-task]");
    if (!row) return;
    const menu = event.target.closest("details.row-menu");
    if (menu && event.target.closest("a")) menu.open = false;
    if (event.target.closest("[data-edit]")) {
      event.preventDefault();
      startEditing(row);
    } else if (event.target.closest("[data-delete]")) {
      event.preventDefault();
      trash(row);
    }
  });
  list.addEventListener("dblclick", (event) => {
    const row = event.target.closest("[data-task]");
    if (row && event.target.closest("[data-title]")) startEditing(row);
  });
  list.addEventListener("keydown", (event) => {
    const input = event.target.closest("form[data-action=edit] input[name=title]");
    if (!input) return;
    const row = input.closest("[data-task]");
    if (event.key === "Escape") {
      event.preventDefault();
      input.value = row.querySelector("[data-title]").textContent; // nothing to save
      stopEditing(row);
    }
  });
  list.addEventListener("focusout", (event) => {
    const input = event.target.closest("form[data-action=edit] input[name=title]");
    if (input) saveEdit(input.closest("[data-task]"));
  });
}

// --- quick add preview --------------------------------------------------------------------

// While typing, the server reads the text as it will on saving (tasks.quickadd): the line under
// the box shows the text with what was recognised marked, and what will be saved.
const preview = document.querySelector("[data-quick-preview]");
let previewNumber = 0;

// What quick add reads in `text` (tasks:parse), or null when the server cannot say (offline:
// saving reads the text on the server anyway).
async function readTitle(url, text) {
  try {
    const response = await fetch(`${url}?${new URLSearchParams({ title: text })}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function showPreview(text) {
  const number = ++previewNumber;
  if (!text.trim()) {
    preview.hidden = true;
    return;
  }
  const data = await readTitle(preview.dataset.url, text);
  if (!data || number !== previewNumber) return; // offline, or an answer to older text
  const chars = Array.from(text); // the server counts code points, as Array.from does
  const line = document.createDocumentFragment();
  let at = 0;
  for (const span of data.spans) {
    line.append(chars.slice(at, span.start).join(""));
    const mark = document.createElement("mark");
    mark.className = `qa qa-${span.kind}`;
    mark.textContent = chars.slice(span.start, span.end).join("");
    line.append(mark);
    at = span.end;
  }
  line.append(chars.slice(at).join(""));
  const summary = document.createElement("span");
  summary.className = "qa-summary";
  summary.textContent = data.spans.length ? ` → ${data.summary}` : "";
  line.append(summary);
  for (const problem of data.problems) {
    const note = document.createElement("span");
    note.className = "qa-problem";
    note.textContent = ` ${problem}`;
    line.append(note);
  }
  preview.replaceChildren(line);
  preview.hidden = data.spans.length === 0 && data.problems.length === 0;
}

if (preview) {
  const input = document.querySelector("[data-quick-add] input[name=title]");
  let timer;
  input?.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => showPreview(input.value), 150);
  });
}

// The edit form's Repeat field: the sentence under it follows what is typed (the server reads
// it again on saving, and says what it does not understand).
const repeatSentence = document.querySelector("[data-repeats]");
const repeatField = document.querySelector("input[name=repeat]");
if (repeatSentence && repeatField) {
  let timer;
  repeatField.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = repeatField.value.trim();
      if (!text) {
        repeatSentence.hidden = true;
        return;
      }
      const data = await readTitle(repeatSentence.dataset.url, /^every/i.test(text) ? text : `every ${text}`);
      if (!data) return;
      const repeat = data.spans.find((span) => span.kind === "repeat");
      const sentence = repeat ? data.summary.split(" · ").find((part) => part.startsWith("Every")) : null;
      repeatSentence.textContent = sentence || data.problems[0] || "Not a repeat this app understands yet.";
      repeatSentence.hidden = false;
    }, 200);
  });
}

// An empty quick-add adds nothing (the server agrees without JavaScript). "Add details" opens
// the full form with what was typed so far.
document.querySelectorAll("[data-quick-add]").forEach((form) => {
  const input = form.querySelector("input[name=title]");
  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) event.preventDefault();
  });
  const details = form.querySelector("[data-add-details]");
  details?.addEventListener("click", () => {
    const url = new URL(details.href);
    url.searchParams.set("title", input.value.trim());
    details.href = url.toString();
  });
});

// --- keyboard shortcuts -------------------------------------------------------------------

function rows() {
  return list ? [...list.querySelectorAll("[data-task]")] : [];
}

function selected() {
  return list ? list.querySelector("[data-task].is-selected") : null;
}

function select(row) {
  rows().forEach((r) => r.classList.remove("is-selected"));
  row.classList.add("is-selected");
  row.focus();
}

function move(step) {
  const all = rows();
  if (!all.length) return;
  const index = all.indexOf(selected());
  const next = index === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
  select(all[next]);
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

const help = document.getElementById("shortcuts");

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  if (help && help.open) return;
  const current = selected();
  const actions = {
    n: () => document.querySelector("[data-quick-add] input[name=title]")?.focus(),
    "/": () => document.getElementById("search")?.focus(),
    j: () => move(1),
    k: () => move(-1),
    x: () => current && toggle(current),
    e: () => current && startEditing(current),
    "#": () => current && trash(current),
    "?": () => help?.showModal(),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
});

if (list) {
  list.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-task]");
    if (row && !row.classList.contains("is-selected")) {
      rows().forEach((r) => r.classList.remove("is-selected"));
      row.classList.add("is-selected");
    }
  });
}
