/* Live preview (hubdocs serve only): reload on a new build, show an overlay when a build fails. */
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var first = null;
  var overlay = null;

  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.className = "hd-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Build error");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("p");
    title.className = "hd-overlay-title";
    title.textContent = "Build failed — still showing the last good build";
    overlay.appendChild(title);
    problems.forEach(function (p) {
      var pre = document.createElement("pre");
      pre.textContent = p.text;
      overlay.appendChild(pre);
    });
  }

  var source = new EventSource("/_hubdocs/events");
  source.addEventListener("build", function (ev) {
    var data = JSON.parse(ev.data);
    window.dispatchEvent(new CustomEvent("hubdocs:build", { detail: data })); // search.js follows the index
    if (first === null) { first = data.version; }
    if (data.version !== first) { window.location.reload(); return; }
    if (overlay) { overlay.remove(); overlay = null; }
  });
  source.addEventListener("error", function (ev) {
    if (!ev.data) { return; }
    var data = JSON.parse(ev.data);
    if (first === null) { first = data.version; }
    show(data.problems);
  });
})();
