// Quick add: while typing, the server reads the text as it will on saving (tasks.quickadd);
// the line under the box shows the text with what was recognised marked, and what will be
// saved. The edit form's Repeat field gets the same reading, as a sentence.

import { getJSON } from "./network.js";

// What quick add reads in `text` (tasks:parse), or null when the server cannot say (offline:
// saving reads the text on the server anyway).
function readTitle(url, text) {
  return getJSON(url, { title: text });
}

function enhancePreview() {
  const preview = document.querySelector("[data-quick-preview]");
  if (!preview) return;
  let previewNumber = 0;

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
      line.append(keepButton(chars, span));
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

  // Pressing a part that was read keeps it in the title, as in Todoist: it is quoted in the
  // box (the server never reads quoted text, and drops the quotes on saving).
  function keepButton(chars, span) {
    const words = chars.slice(span.start, span.end).join("");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "qa-keep";
    button.setAttribute("aria-label", `Keep “${words}” in the title`);
    const mark = document.createElement("mark");
    mark.className = `qa qa-${span.kind}`;
    mark.textContent = words;
    button.append(mark);
    button.addEventListener("click", () => {
      if (Array.from(input.value).join("") !== chars.join("")) return; // typed since: read again first
      input.value = [...chars.slice(0, span.start), '"', words, '"', ...chars.slice(span.end)].join("");
      input.focus();
      showPreview(input.value);
    });
    return button;
  }

  const input = document.querySelector("[data-quick-add] input[name=title]");
  let timer;
  input?.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => showPreview(input.value), 150);
  });
}

// The edit form's Repeat field: the sentence under it follows what is typed (the server reads
// it again on saving, and says what it does not understand).
// `root`: the page, or the edit dialog's form.
export function enhanceRepeatField(root = document) {
  const repeatSentence = root.querySelector("[data-repeats]");
  const repeatField = root.querySelector("input[name=repeat]");
  if (!repeatSentence || !repeatField) return;
  let timer;
  repeatField.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = repeatField.value.trim();
      if (!text) {
        repeatSentence.hidden = true;
        return;
      }
      const data = await getJSON(repeatSentence.dataset.url, { repeat: text });
      if (!data) return;
      repeatSentence.textContent = data.sentence || data.problems[0] || "Not a repeat this app understands yet.";
      repeatSentence.hidden = false;
    }, 200);
  });
}

// An empty quick-add adds nothing (the server agrees without JavaScript). "Add details" opens
// the full form with what was typed so far. Nothing takes the focus when a page loads (the
// shortcuts work at once), except after adding: the page that comes back gives the same box
// the focus, for the next task.
const ADDING_AGAIN = "quick-add-again";

function enhanceQuickAddForms() {
  const forms = [...document.querySelectorAll("[data-quick-add]")];
  const again = sessionStorage.getItem(ADDING_AGAIN);
  sessionStorage.removeItem(ADDING_AGAIN);
  forms.forEach((form, index) => {
    const input = form.querySelector("input[name=title]");
    if (again === String(index) && input.getClientRects().length) input.focus();
    form.addEventListener("submit", (event) => {
      if (!input.value.trim()) event.preventDefault();
      else if (document.activeElement === input) sessionStorage.setItem(ADDING_AGAIN, String(index));
    });
    const details = form.querySelector("[data-add-details]");
    details?.addEventListener("click", () => {
      const url = new URL(details.href);
      url.searchParams.set("title", input.value.trim());
      details.href = url.toString();
    });
  });
}

export function enhanceQuickAdd() {
  enhancePreview();
  enhanceRepeatField();
  enhanceQuickAddForms();
}
