// Upcoming: the next days come in as the person scrolls to the end, from the address of its
// "Later days" link (which, without the script, is a plain link to the same page).

import { list } from "./rows.js";

async function loadMore(link, observer) {
  observer.unobserve(link);
  let page;
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) return; // the link still works
    page = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch {
    return;
  }
  const more = page.querySelector("[data-task-list]");
  if (more) list.append(...more.children);
  const next = page.querySelector("[data-next-page]");
  if (next) {
    link.href = next.getAttribute("href");
    observer.observe(link);
  } else {
    link.remove();
  }
}

export function enhanceAgenda() {
  const link = document.querySelector("[data-agenda] [data-next-page]");
  if (!link || !list || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadMore(link, observer);
  }, { rootMargin: "400px" });
  observer.observe(link);
}
