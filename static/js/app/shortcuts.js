// Keyboard shortcuts (the `?` dialog lists them): n, /, j and k, then x, e and # on the
// selected row. They do nothing while typing in a field or while the dialog is open.

import { startEditing } from "./edit.js";
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

export function enhanceShortcuts() {
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
