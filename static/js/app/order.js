// The person's own order, on a page that shows it (a project's, the Inbox: the list carries
// `data-outline`): a row's "Move up" and "Move down" (its menu, or Alt+↑ / Alt+↓ on the
// selected or focused row) posted without leaving the page, and a row dragged by its handle
// with a mouse, a pen or a finger (Pointer Events: the HTML drag and drop API has no touch).
// Each move posts what a plain form posts (POST /tasks/<id>/move/ with `before`, `after` or
// `section`); the list is then read again from the page's own address, so the rows, their
// depths and their neighbours' ids are the server's.

import { post } from "./network.js";
import { list, reloadList, say } from "./rows.js";

export const outline = list && list.matches("[data-outline]") ? list : null;
const depthOf = (row) => Number(/\bdepth-(\d+)/.exec(row.className)?.[1] || 0);
const idOf = (item) => item.id.replace(/^(task|section)-/, "");

// Move `row` (with its sub-tasks) where `data` says (`before`, `after`, `section`...).
export async function moveRow(row, url, data) {
  const id = idOf(row);
  const onHandle = document.activeElement?.matches("[data-drag]") && row.contains(document.activeElement);
  try {
    const result = await post(url, data);
    await reloadList(id, { onHandle });
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

// --- dragging ----------------------------------------------------------------------------


// A row and its sub-tasks' rows, which follow it with a greater depth.
function familyOf(row) {
  const family = [row];
  const depth = depthOf(row);
  for (let next = row.nextElementSibling; next?.matches("[data-task]") && depthOf(next) > depth; next = next.nextElementSibling) {
    family.push(next);
  }
  return family;
}

// Where a drop at (x, y) lands: next to a row (before it, or after it; just under a parent
// that shows its sub-tasks, before its first one) or in a section (last), or nowhere.
function dropAt(drag, x, y) {
  const item = document.elementFromPoint(x, y)?.closest("[data-task], [data-section]");
  if (!item || !outline.contains(item) || drag.family.includes(item)) return null;
  if (item.matches("[data-section]")) return { item, mark: "drop-into", field: "section", id: item.dataset.section };
  const box = item.getBoundingClientRect();
  if (y < box.top + box.height / 2) return { item, mark: "drop-before", field: "before", id: idOf(item) };
  const next = item.nextElementSibling;
  if (next?.matches("[data-task]") && depthOf(next) > depthOf(item)) {
    return drag.family.includes(next) ? null : { item: next, mark: "drop-before", field: "before", id: idOf(next) };
  }
  return { item, mark: "drop-after", field: "after", id: idOf(item) };
}

function mark(drag, target) {
  if (drag.target) drag.target.item.classList.remove(drag.target.mark);
  drag.target = target;
  if (target) target.item.classList.add(target.mark);
}

function endDrag(drag) {
  mark(drag, null);
  drag.family.forEach((row) => row.classList.remove("is-dragging"));
  outline.classList.remove("is-dragging-over");
}

// A drag starts once the pointer has gone a few pixels from where it was pressed, so a tap
// on the handle moves nothing.
function enhanceDragging() {
  let drag = null;
  outline.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-drag]");
    if (!handle || !event.isPrimary || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault(); // no text selection, no scrolling from the handle...
    handle.focus({ preventScroll: true }); // ...but the focus, as a press gives it
    handle.setPointerCapture(event.pointerId);
    const row = handle.closest("[data-task]");
    drag = { handle, row, url: handle.dataset.url, x: event.clientX, y: event.clientY, started: false, target: null };
  });
  outline.addEventListener("pointermove", (event) => {
    if (!drag || event.target !== drag.handle) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 5) return;
      drag.started = true;
      drag.family = familyOf(drag.row);
      drag.family.forEach((row) => row.classList.add("is-dragging"));
      outline.classList.add("is-dragging-over");
    }
    mark(drag, dropAt(drag, event.clientX, event.clientY));
    // Near the top or the bottom of the window, the page scrolls on.
    const edge = 48;
    if (event.clientY < edge) window.scrollBy(0, -12);
    else if (event.clientY > window.innerHeight - edge) window.scrollBy(0, 12);
  });
  const finish = (event) => {
    if (!drag || event.target !== drag.handle) return;
    const { row, url, target, started } = drag;
    endDrag(drag);
    drag = null;
    if (!started || !target || event.type !== "pointerup") return;
    const data = new FormData();
    data.append(target.field, target.id);
    moveRow(row, url, data);
  };
  outline.addEventListener("pointerup", finish);
  outline.addEventListener("pointercancel", finish);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !drag) return;
    endDrag(drag); // let go without moving
    drag = null;
  });
}

export function enhanceOrder() {
  if (!outline) return;
  outline.classList.add("can-drag"); // the handles show only where they work
  outline.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-move]");
    if (!form) return;
    event.preventDefault();
    pressMove(form.closest("[data-task]"), form.dataset.move);
  });
  // On a focused handle the arrows alone move its row.
  outline.addEventListener("keydown", (event) => {
    const direction = { ArrowUp: "up", ArrowDown: "down" }[event.key];
    if (!direction || !event.target.matches("[data-drag]") || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    pressMove(event.target.closest("[data-task]"), direction);
  });
  enhanceDragging();
}
