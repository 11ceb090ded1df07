// Editing a task where you are: a row's Edit link (or `e`) fetches the task's form alone
// (`?partial=1`) and shows it in a <dialog> over the list; Save posts it as the edit page
// would, and the row, the counts and the message come back as for any change from the list.
// The list stays as it was: its filters, sort, page and scroll. Without the script, Edit opens
// the edit page, whose Save and Cancel return to the list it came from.

import { getHTML } from "./network.js";
import { enhanceRepeatField } from "./quickadd.js";
import { list, selected, submitRow } from "./rows.js";

let dialog = null;
let editing = null; // the row whose task the dialog shows

function makeDialog() {
  const element = document.createElement("dialog");
  element.className = "edit-dialog";
  element.setAttribute("aria-labelledby", "edit-dialog-title");
  const heading = document.createElement("h2");
  heading.id = "edit-dialog-title";
  heading.textContent = "Edit task";
  const problem = document.createElement("p");
  problem.className = "dialog-problem";
  problem.setAttribute("role", "alert");
  problem.dataset.dialogProblem = "";
  problem.hidden = true;
  const body = document.createElement("div");
  body.dataset.dialogBody = "";
  element.append(heading, problem, body);
  // Closed by Save, Cancel or Escape: the focus goes back to the row (the one the answer put
  // in its place, or the next one when it left the page).
  element.addEventListener("close", () => {
    body.replaceChildren();
    const row = editing && editing.isConnected ? editing : selected();
    editing = null;
    row?.focus();
  });
  document.body.append(element);
  return element;
}

function sayProblem(text) {
  const problem = dialog.querySelector("[data-dialog-problem]");
  problem.textContent = text;
  problem.hidden = !text;
}

function hidden(form, name, value) {
  let input = form.querySelector(`input[type=hidden][name=${name}]`);
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    form.prepend(input);
  }
  input.value = value;
}

// Put the form (from the GET, or from a refused save with its errors) into the dialog.
function fill(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const form = template.content.querySelector("form[data-task-form]");
  if (!form) return null;
  hidden(form, "partial", "1"); // a refused save answers with this form again
  hidden(form, "next", location.pathname + location.search); // the counts and row links of this page
  form.addEventListener("submit", save);
  form.querySelector("[data-cancel]")?.addEventListener("click", (event) => {
    event.preventDefault();
    dialog.close();
  });
  dialog.querySelector("[data-dialog-body]").replaceChildren(form);
  enhanceRepeatField(form);
  return form;
}

async function save(event) {
  event.preventDefault();
  const form = event.target;
  if (form.dataset.saving) return;
  form.dataset.saving = "1";
  try {
    await submitRow(editing, form);
    dialog.close();
  } catch (error) {
    // Refused (a field's error) or changed meanwhile (409): the form again, with what to fix;
    // after a conflict it holds the values saved meanwhile as read, so saving again wins.
    const again = error.form ? fill(error.form) : null;
    sayProblem(again ? "" : error.message);
    const field = again?.querySelector(".has-error input, .has-error textarea, .has-error select");
    (field || form.querySelector("input, textarea, select"))?.focus();
  } finally {
    delete form.dataset.saving;
  }
}

export async function openEditor(row) {
  const link = row.querySelector("[data-details]");
  if (!link) return;
  const url = new URL(link.href, location.href);
  url.searchParams.set("partial", "1");
  const html = await getHTML(url);
  dialog ||= makeDialog();
  if (html === null || !fill(html)) {
    location.assign(link.href); // the edit page, which returns here
    return;
  }
  editing = row;
  sayProblem("");
  if (!dialog.open) dialog.showModal();
  dialog.querySelector("form[data-task-form] input:not([type=hidden])")?.focus();
}

export function editorOpen() {
  return dialog !== null && dialog.open;
}

export function enhanceEditDialog() {
  if (!list || typeof HTMLDialogElement !== "function") return;
  list.addEventListener("click", (event) => {
    const row = event.target.closest("[data-task]");
    if (!row || !event.target.closest("[data-details]")) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return; // a new tab
    event.preventDefault();
    openEditor(row);
  });
}
