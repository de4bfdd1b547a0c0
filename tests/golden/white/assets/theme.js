/* Theme choice (remembered), "Copy page as Markdown". Loaded in <head>, no inline script needed. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("hd-js"); // the drawer: the script opens it, not the :target fallback
  var saved = null;
  try { saved = window.localStorage.getItem("hd-theme"); } catch (e) { saved = null; }
  if (saved === "dark" || saved === "light") { root.setAttribute("data-theme", saved); }

  function current() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") { return t; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".hd-theme-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
      toggle.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        toggle.setAttribute("aria-pressed", next === "dark" ? "true" : "false");
        try { window.localStorage.setItem("hd-theme", next); } catch (e) { /* private mode */ }
      });
    }
    var copy = document.querySelector(".hd-copy-md");
    if (copy && navigator.clipboard && window.fetch) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        fetch(copy.getAttribute("data-twin"), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
          .then(function (text) { return navigator.clipboard.writeText(text); })
          .then(function () { copy.textContent = "Copied"; })
          .catch(function () { copy.textContent = "Copy failed"; });
      });
    }
  });
})();
