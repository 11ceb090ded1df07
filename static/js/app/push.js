// The profile's "Notifications on this device": subscribes this browser to web push with the
// server's VAPID public key and sends the subscription to the server, or removes it. Without
// JavaScript (or push), the section says so and nothing else changes.

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

async function send(url, body) {
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error("The server refused it.");
}

export async function enhancePush() {
  const section = document.querySelector("[data-push]");
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const status = section.querySelector("[data-push-status]");
  const button = section.querySelector("[data-push-toggle]");
  const registration = await navigator.serviceWorker.register(section.dataset.worker, { scope: "/" });
  let subscription = await registration.pushManager.getSubscription();
  const show = () => {
    status.textContent = subscription ? "On for this device." : "Off for this device.";
    button.textContent = subscription ? "Turn off on this device" : "Turn on for this device";
    button.hidden = false;
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (subscription) {
        await send(section.dataset.unsubscribe, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
        subscription = null;
      } else {
        subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(section.dataset.key),
        });
        await send(section.dataset.subscribe, subscription.toJSON());
      }
    } catch (error) {
      status.textContent = `That did not work: ${error.message}`;
      button.disabled = false;
      return;
    }
    button.disabled = false;
    show();
  });
  show();
}
