// Live preview for `vitrine serve`, added to HTML pages by the preview server
// only. It listens to the server's events: a rebuilt site reloads the page, a
// change to style sheets alone refreshes them in place, and a failed build
// shows its errors over the page. Every event's data starts with the version
// of the site it describes; a page that is out of date on connection reloads.
(() => {
  "use strict";
  const script = document.currentScript;
  let version = script ? script.dataset.version : "";
  const overlayId = "vitrine-erreur";

  const firstLine = (data) => data.split("\n", 1)[0];

  function refreshStyleSheets() {
    const links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    for (const link of links) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("vitrine", version);
      // Load the new sheet beside the old one, then drop the old one: no
      // flash of unstyled page.
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => link.remove(), { once: true });
      link.after(fresh);
    }
  }

  function showError(overlayHtml) {
    const previous = document.getElementById(overlayId);
    if (previous) previous.remove();
    document.body.insertAdjacentHTML("beforeend", overlayHtml);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-vitrine-fermer]");
    if (!button) return;
    const overlay = button.closest("#" + overlayId);
    if (overlay) overlay.remove();
  });

  const events = new EventSource("/__vitrine/evenements");
  events.addEventListener("version", (event) => {
    if (event.data !== version) location.reload();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("styles", (event) => {
    version = firstLine(event.data);
    refreshStyleSheets();
  });
  events.addEventListener("failure", (event) => {
    const data = event.data;
    const newline = data.indexOf("\n");
    version = data.slice(0, newline);
    showError(data.slice(newline + 1));
  });
})();
