// The service worker: shows a reminder pushed by the server (reminders/channels.py) and
// answers its buttons. Opening the notification opens the task; "Done" completes that
// occurrence through the signed link the push carried.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : "Todo" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Todo", {
      body: data.body || "",
      tag: data.tag,
      icon: "{{ icon }}",
      data: { url: data.url || "/", done: data.done },
      actions: data.done ? [{ action: "done", title: "Done" }] : [],
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  const { url, done } = event.notification.data || {};
  event.notification.close();
  if (event.action === "done" && done) {
    event.waitUntil(fetch(done, { method: "POST", credentials: "same-origin" }));
    return;
  }
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
