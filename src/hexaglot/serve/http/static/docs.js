// Swagger UI for /openapi.json, loaded from the vendored bundle (no CDN, no inline script).
// The vendored Swagger UI (4.15) reads OpenAPI 3.0 only; FastAPI writes 3.1, whose constructs it
// renders well enough, so the version label is lowered for display here (the schema is unchanged).
window.addEventListener("DOMContentLoaded", async function () {
  const spec = await (await fetch("/openapi.json")).json();
  spec.openapi = "3.0.3";
  window.SwaggerUIBundle({
    spec: spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
