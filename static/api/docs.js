// The API's reference page (/api/v1/docs): Swagger UI reading the schema named on the page.
// A file of its own, not an inline script: the Content-Security-Policy allows none.
const root = document.getElementById("swagger-ui");
window.SwaggerUIBundle({
  url: root.dataset.schemaUrl,
  dom_id: "#swagger-ui",
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  // Calls made from the page carry the token typed in "Authorize", never the session cookie.
  withCredentials: false,
  persistAuthorization: false,
});
