// What every page gets: controls only the script can work shown (and their no-script
// stand-ins hidden), the phone's sidebar remembered open or closed, row menus that close themselves, the
// browser's time zone on signup, and sort menus that apply themselves.

// Row menus (a <details> each): one open at a time; Escape or a click elsewhere closes it.
function closeMenus(except = null) {
  document.querySelectorAll("details.row-menu[open]").forEach((menu) => {
    if (menu !== except) menu.open = false;
  });
}

function enhanceRowMenus() {
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
}

// The sidebar is a menu on a narrow screen, rendered open or closed as the person last left it
// (the `sidebar` cookie, read by the server: known before the first paint). A wide screen
// shows it either way, through the stylesheet; a browser that cannot has it opened here.
function rememberSidebar() {
  const sidebar = document.querySelector("[data-sidebar]");
  if (!sidebar) return;
  const narrow = window.matchMedia("(max-width: 900px)");
  if (!narrow.matches && !CSS.supports("selector(::details-content)")) sidebar.open = true;
  sidebar.addEventListener("toggle", () => {
    if (!narrow.matches) return;
    const state = sidebar.open ? "open" : "closed";
    document.cookie = `sidebar=${state}; path=/; max-age=31536000; samesite=lax`;
  });
}

export function enhancePage() {
  document.querySelectorAll("[data-js-only]").forEach((el) => { el.hidden = false; });
  document.querySelectorAll("[data-no-js-only]").forEach((el) => { el.hidden = true; });

  rememberSidebar();

  enhanceRowMenus();

  // Signup takes the browser's time zone (the server checks it against the IANA list).
  document.querySelectorAll("input[data-browser-timezone]").forEach((input) => {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  });
  // The profile's time zones, grouped by region: the browser's own comes first, said so.
  document.querySelectorAll("select[data-time-zones]").forEach((select) => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const option = [...select.options].find((candidate) => candidate.value === zone);
    if (!option) return;
    option.textContent = `Your browser's zone: ${zone.replaceAll("_", " ")}`;
    select.prepend(option);
  });
  // ...and how its locale writes a date with numbers: the month before the day (en-US), or not.
  document.querySelectorAll("input[data-browser-date-order]").forEach((input) => {
    const parts = new Intl.DateTimeFormat().formatToParts(new Date(2000, 11, 31)).map((part) => part.type);
    input.value = parts.indexOf("month") < parts.indexOf("day") ? "MDY" : "DMY";
  });
  // ...and its clock: 5:30 pm (h11, h12: en-US) or 17:30 (h23, h24).
  document.querySelectorAll("input[data-browser-time-format]").forEach((input) => {
    const cycle = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hourCycle;
    input.value = cycle === "h11" || cycle === "h12" ? "12h" : "24h";
  });

  // The sort menu applies itself.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
}
