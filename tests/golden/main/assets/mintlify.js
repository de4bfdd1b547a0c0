/* Mintlify components: tabs and code groups (ARIA tabs: arrow keys, Home/End, roving
   tabindex), "Copy prompt" buttons, Escape hides a tooltip. Without it every panel shows. */
(function () {
  "use strict";

  function setupTabs(root) {
    var list = null;
    for (var c = root.firstElementChild; c; c = c.nextElementSibling) {
      if (c.classList.contains("hd-tablist")) { list = c; break; }
    }
    if (!list) { return; }
    var tabs = Array.prototype.filter.call(list.children, function (t) {
      return t.getAttribute("role") === "tab";
    });
    var panels = tabs.map(function (t) { return document.getElementById(t.getAttribute("aria-controls")); });
    if (!tabs.length || panels.indexOf(null) >= 0) { return; }

    function select(i, focus) {
      tabs.forEach(function (t, j) {
        var on = i === j;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        panels[j].hidden = !on;
      });
      if (focus) { tabs[i].focus(); }
    }

    panels.forEach(function (p, j) {
      p.setAttribute("role", "tabpanel");
      p.setAttribute("aria-labelledby", tabs[j].id);
      p.tabIndex = 0;
    });
    tabs.forEach(function (t, i) {
      t.addEventListener("click", function () { select(i, false); });
      t.addEventListener("keydown", function (e) {
        var n = tabs.length;
        var k = -1;
        if (e.key === "ArrowRight" || e.key === "ArrowDown") { k = (i + 1) % n; }
        else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { k = (i - 1 + n) % n; }
        else if (e.key === "Home") { k = 0; }
        else if (e.key === "End") { k = n - 1; }
        if (k >= 0) { e.preventDefault(); select(k, true); }
      });
    });
    root.classList.add("hd-tabs--js");
    list.hidden = false;
    select(0, false);
  }

  function setupCopy(button) {
    var target = document.getElementById(button.getAttribute("data-hd-copy"));
    if (!target || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.innerText.trim()).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Copy failed"; }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-hd-tabs]"), setupTabs);
    Array.prototype.forEach.call(document.querySelectorAll("[data-hd-copy]"), setupCopy);
    document.addEventListener("keydown", function (e) {
      var term = e.target && e.target.closest && e.target.closest(".hd-tooltip");
      if (e.key === "Escape" && term) { term.classList.add("hd-tooltip--dismissed"); }
    });
    document.addEventListener("focusout", function (e) {
      var term = e.target && e.target.closest && e.target.closest(".hd-tooltip");
      if (term) { term.classList.remove("hd-tooltip--dismissed"); }
    });
  });
})();
