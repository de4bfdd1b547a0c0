/* Code blocks: the copy button, "expandable" blocks, CodeGroup dropdowns and tab sync.
   Without it the code is all shown and stays selectable; the buttons stay hidden. */
(function () {
  "use strict";
  var COLLAPSED_LINES = 12;

  function codeText(figure) {
    var code = figure.querySelector("pre > code");
    if (!code) { return ""; }
    var lines = code.querySelectorAll(".hd-line");
    if (!lines.length) { return code.textContent; }
    return Array.prototype.map.call(lines, function (l) { return l.textContent; }).join("\n");
  }

  function status(figure) {
    var s = figure.querySelector(".hd-code-status");
    if (!s) {
      s = document.createElement("span");
      s.className = "hd-code-status";
      s.setAttribute("role", "status");
      figure.appendChild(s);
    }
    return s;
  }

  /* navigator.clipboard needs a secure context (https or localhost); elsewhere (a preview on a
     LAN address) the selection is copied the old way. */
  function writeText(text, figure) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return new Promise(function (resolve, reject) {
      var code = figure.querySelector("pre > code");
      var range = document.createRange();
      var sel = window.getSelection();
      range.selectNodeContents(code);
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      sel.removeAllRanges();
      if (ok) { resolve(); } else { reject(new Error("copy")); }
    });
  }

  function setupCopy(button) {
    var figure = button.closest(".hd-code");
    if (!figure) { return; }
    var label = button.querySelector(".hd-code-copy-label") || button;
    var timer = 0;
    button.hidden = false;
    button.setAttribute("aria-label", "Copy code");
    button.addEventListener("click", function () {
      writeText(codeText(figure), figure).then(
        function () { say("Copied", "Copied to clipboard"); },
        function () { say("Copy failed", "Copy failed"); }
      );
    });
    function say(text, spoken) {
      label.textContent = text;
      button.classList.add("hd-code-copy--done");
      status(figure).textContent = spoken;
      clearTimeout(timer);
      timer = setTimeout(function () {
        label.textContent = "Copy";
        button.classList.remove("hd-code-copy--done");
        status(figure).textContent = "";
      }, 2000);
    }
  }

  function setupExpandable(figure) {
    var lines = figure.querySelectorAll(".hd-line").length;
    var pre = figure.querySelector("pre");
    if (lines <= COLLAPSED_LINES || !pre) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "hd-code-expand";
    if (!pre.id) { pre.id = "hd-code-" + Math.random().toString(36).slice(2); }
    button.setAttribute("aria-controls", pre.id);
    function show(open) {
      figure.classList.toggle("hd-code--collapsed", !open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "Show less" : "See all " + lines + " lines";
    }
    button.addEventListener("click", function () {
      show(figure.classList.contains("hd-code--collapsed"));
    });
    figure.appendChild(button);
    show(false);
  }

  /* <CodeGroup dropdown>: a select picks the panel shown */
  function setupDropdown(group) {
    var select = group.querySelector(".hd-codegroup-select");
    var panels = group.querySelectorAll(":scope > .hd-tabpanel");
    if (!select || !panels.length) { return; }
    function show(i) {
      Array.prototype.forEach.call(panels, function (p, j) { p.hidden = i !== j; });
      select.selectedIndex = i;
    }
    select.addEventListener("change", function () {
      show(select.selectedIndex);
      sync(group, select.options[select.selectedIndex].text);
    });
    group.classList.add("hd-codegroup--js");
    select.closest(".hd-codegroup-picker").hidden = false;
    show(0);
  }

  /* Mintlify syncs code groups whose labels match: choosing "Python" in one chooses it in all. */
  var syncing = false;
  function sync(from, label) {
    if (syncing) { return; }
    syncing = true;
    try {
      Array.prototype.forEach.call(document.querySelectorAll(".hd-codegroup"), function (g) {
        if (g === from) { return; }
        var select = g.querySelector(".hd-codegroup-select");
        if (select) {
          for (var i = 0; i < select.options.length; i++) {
            if (select.options[i].text === label && select.selectedIndex !== i) {
              select.selectedIndex = i;
              select.dispatchEvent(new Event("change"));
            }
          }
          return;
        }
        Array.prototype.forEach.call(g.querySelectorAll("[role=tab]"), function (t) {
          if (t.textContent.trim() === label && t.getAttribute("aria-selected") !== "true") { t.click(); }
        });
      });
    } finally {
      syncing = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-hd-copy-code]"), setupCopy);
    Array.prototype.forEach.call(document.querySelectorAll(".hd-code--expandable"), setupExpandable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-hd-dropdown]"), setupDropdown);
    // a block that scrolls sideways can be scrolled from the keyboard (its own tab stop)
    Array.prototype.forEach.call(document.querySelectorAll("main pre:not([tabindex])"), function (pre) {
      if (pre.scrollWidth > pre.clientWidth && !pre.querySelector("a[href], button, input")) { pre.tabIndex = 0; }
    });
    document.addEventListener("click", function (e) {
      var tab = e.target && e.target.closest && e.target.closest(".hd-codegroup [role=tab]");
      if (tab) { sync(tab.closest(".hd-codegroup"), tab.textContent.trim()); }
    });
  });
})();
