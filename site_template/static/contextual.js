/* The contextual page menu (components/contextual_menu.html): a <details> disclosure, so it
   opens with Enter or Space and works without this file. Here: the copy items (the page's
   Markdown, the MCP server URL or command) once the clipboard is available, Escape to close the
   menu (focus back on its toggle), and arrow keys between its items. */
(function () {
  "use strict";
  function copyText(button, get) {
    var label = button.querySelector(".hd-context-title");
    var was = label.textContent;
    get()
      .then(function (text) { return navigator.clipboard.writeText(text); })
      .then(function () { label.textContent = "Copied"; })
      .catch(function () { label.textContent = "Copy failed"; })
      .then(function () { setTimeout(function () { label.textContent = was; }, 2000); });
  }
  function setUp(menu) {
    var toggle = menu.querySelector("summary");
    var items = function () { return Array.prototype.slice.call(menu.querySelectorAll(".hd-context-item:not([disabled])")); };
    if (navigator.clipboard && window.fetch) {
      menu.querySelectorAll("[data-hd-copy-twin]").forEach(function (b) {
        b.disabled = false;
        b.addEventListener("click", function () {
          copyText(b, function () {
            return fetch(b.getAttribute("data-hd-copy-twin"), { credentials: "same-origin" })
              .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); });
          });
        });
      });
      menu.querySelectorAll("[data-hd-copy-text]").forEach(function (b) {
        b.disabled = false;
        b.addEventListener("click", function () {
          copyText(b, function () { return Promise.resolve(b.getAttribute("data-hd-copy-text")); });
        });
      });
    }
    menu.addEventListener("keydown", function (e) {
      var list = items();
      var at = list.indexOf(document.activeElement);
      if (e.key === "Escape" && menu.open) {
        menu.open = false;
        toggle.focus();
        e.preventDefault();
      } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && list.length) {
        if (!menu.open) { menu.open = true; }
        var next = e.key === "ArrowDown" ? at + 1 : at - 1;
        if (at < 0) { next = e.key === "ArrowDown" ? 0 : list.length - 1; }
        list[(next + list.length) % list.length].focus();
        e.preventDefault();
      }
    });
    document.addEventListener("click", function (e) {
      if (menu.open && !menu.contains(e.target)) { menu.open = false; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details.hd-context").forEach(setUp);
  });
})();
