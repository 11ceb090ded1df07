// Talking to the server. Every action posts what its plain form would post, with the CSRF
// token, and asks for JSON (`Accept: application/json`): the view then answers with JSON instead
// of redirecting (docs/ARCHITECTURE.md, "The script's JSON answers", lists the keys).

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// The answer to a POST, or an Error whose message says why not (the form's errors, or a
// general line), carrying `current`: what another tab saved meanwhile (a 409).
export async function post(url, data) {
  const body = data instanceof FormData ? data : new FormData();
  if (!body.has("csrfmiddlewaretoken")) body.append("csrfmiddlewaretoken", csrfToken());
  // The page the answer's counts are for (a project's, the Inbox...), as every form sends it.
  if (!body.has("next")) body.append("next", location.pathname + location.search);
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
    error.form = payload.form; // the edit dialog's form again, with its errors (sent with partial=1)
    throw error;
  }
  return payload;
}

// An Undo: its address carries the token, which goes in the body instead when the address is
// long (a bulk action's token; servers refuse request lines past 4 KB), as the page's form does.
export function postUndo(url) {
  if (url.length <= 1500) return post(url);
  const address = new URL(url, location.href);
  const body = new FormData();
  body.append("token", address.searchParams.get("token") || "");
  return post(address.pathname, body);
}

// The JSON answer to a GET of `url` with `params`, or null when the server cannot say
// (offline, an error): what asks can always do without.
export async function getJSON(url, params) {
  try {
    const response = await fetch(`${url}?${new URLSearchParams(params)}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

// The HTML of a GET of `url` (a fragment: the edit dialog's form), or null when the server
// cannot give it (offline, an error, a lost session's login page): the caller then follows the link.
export async function getHTML(url) {
  try {
    const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    const fragment = response.ok && !response.redirected;
    return fragment ? await response.text() : null;
  } catch {
    return null;
  }
}
