// Renaming a task in place: Rename (or a double click, or `e`) swaps the title for a text box;
// Enter or leaving the box saves, Escape gives up, an empty title moves the task to the trash.

import { list, say, submitRow, trash } from "./rows.js";

// The in-place editor is cloned from one <template>, not written into every row.
export function startEditing(row) {
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

// Wired after enhanceRows (rows.js), whose listeners close a row's menu before the editor opens.
export function enhanceInlineEdit() {
  if (!list) return;
  list.addEventListener("submit", (event) => {
    const form = event.target;
    const row = form.closest("[data-task]");
    if (!row || form.dataset.action !== "edit") return;
    event.preventDefault();
    saveEdit(row);
  });
  list.addEventListener("click", (event) => {
    const row = event.target.closest("[data-task]");
    if (row && event.target.closest("[data-edit]")) {
      event.preventDefault();
      startEditing(row);
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
