// timeline serve --watch: live reload. Injected into every served page; listens to the
// server's events and reloads the page, swaps its stylesheets, or shows build errors.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  var OVERLAY = "__timeline-overlay";

  function clearOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
  }

  function showOverlay(errors) {
    clearOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.setAttribute("dir", "ltr");
    box.setAttribute("lang", "en");
    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
      "background:rgba(24,24,27,.94);color:#fafafa;text-align:left;" +
      "font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#fca5a5;font-size:17px;";
    title.textContent =
      "timeline: the build failed (" + errors.length + (errors.length === 1 ? " error" : " errors") +
      "). This page shows the last good build; fix the file and save.";
    box.appendChild(title);
    errors.forEach(function (e) {
      var pre = document.createElement("pre");
      pre.className = "__timeline-error";
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:1rem;background:#27272a;border-left:4px solid #ef4444;";
      pre.textContent = e.text;
      box.appendChild(pre);
    });
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide";
    hide.onclick = clearOverlay;
    box.appendChild(hide);
    (document.body || document.documentElement).appendChild(box);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("__timeline", String(Date.now()));
      var next = link.cloneNode(false);
      next.href = url.href;
      next.onload = next.onerror = function () {
        if (link.parentNode) link.parentNode.removeChild(link);
      };
      link.parentNode.insertBefore(next, link.nextSibling);
    });
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__timeline/events");
  events.addEventListener("hello", function (e) {
    // A build finished between this page's load and now (or the server restarted).
    if (build !== null && e.data !== build) location.reload();
  });
  events.addEventListener("reload", function () {
    clearOverlay();
    location.reload();
  });
  events.addEventListener("css", function (e) {
    build = e.data;
    clearOverlay();
    swapStylesheets();
  });
  events.addEventListener("build-error", function (e) {
    try {
      showOverlay(JSON.parse(e.data));
    } catch (err) {
      showOverlay([{ text: String(e.data) }]);
    }
  });
})();
