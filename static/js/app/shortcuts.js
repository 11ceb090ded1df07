// Keyboard shortcuts (the `?` dialog lists them): n or q, /, j and k, then x, e, # and Alt+↑/↓
// on the selected row. They do nothing while typing in a field or while a dialog is open. Nothing takes
// the focus when a page loads, so they work at once; Escape leaves the add box and the search.

import { openEditor } from "./dialog.js";
import { outline, pressMove } from "./order.js";
import { list, rows, select, selected, toggle, trash } from "./rows.js";

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

// A field where Ctrl+Z undoes typing, not the last change.
function textField(target) {
  return target.closest(
    "input:not([type=checkbox], [type=radio], [type=button], [type=submit], [type=reset]), textarea, [contenteditable]",
  ) !== null;
}

// Ctrl+Z (Cmd+Z on a Mac): the Undo of the last message, as if its button were pressed.
function undoLast(event) {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const pressed = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!pressed || event.altKey || event.shiftKey || event.key.toLowerCase() !== "z" || textField(event.target)) {
    return false;
  }
  const buttons = document.querySelectorAll("[data-messages] [data-undo] button:not(:disabled), [data-messages] button[data-undo]:not(:disabled)");
  const last = buttons[buttons.length - 1];
  if (!last) return false;
  event.preventDefault();
  last.click();
  return true;
}

// Alt+↑ / Alt+↓ on a page in the person's own order: the focused (or else the selected) row's
// "Move up" / "Move down".
function moveKey(event) {
  const direction = { ArrowUp: "up", ArrowDown: "down" }[event.key];
  if (!outline || !direction || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  if (typing(event.target) || document.querySelector("dialog[open]")) return false;
  const row = event.target.closest?.("[data-task]") || selected();
  if (!row || !outline.contains(row)) return false;
  event.preventDefault();
  pressMove(row, direction);
  return true;
}

export function enhanceShortcuts() {
  const help = document.getElementById("shortcuts");

  document.addEventListener("keydown", (event) => {
    if (undoLast(event) || moveKey(event)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (document.querySelector("dialog[open]")) return;
    const current = selected();
    const addBox = () => document.querySelector("[data-quick-add] input[name=title]")?.focus();
    const actions = {
      n: addBox,
      q: addBox,
      "/": () => document.getElementById("search")?.focus(),
      j: () => move(1),
      k: () => move(-1),
      x: () => current && toggle(current),
      e: () => current && openEditor(current),
      "#": () => current && trash(current),
      "?": () => help?.showModal(),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  // Escape in the add box or the search box leaves it, so the next key is a shortcut again.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const box = event.target.closest?.("[data-quick-add] input[name=title], #search");
    if (box) box.blur();
  });

  // The selected row follows the focus (a click, Tab), so j and k go on from there.
  if (list) {
    list.addEventListener("focusin", (event) => {
      const row = event.target.closest("[data-task]");
      if (row && !row.classList.contains("is-selected")) {
        rows().forEach((r) => r.classList.remove("is-selected"));
        row.classList.add("is-selected");
      }
    });
  }
}
