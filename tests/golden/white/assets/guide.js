/* Scope selector: tick actions, show only the sections and steps they need, share the selection. */
(function () {
  "use strict";
  var SPLIT = /[\s,]+/;

  function words(value) {
    return (value || "").split(SPLIT).filter(function (s) { return s.length > 0; });
  }

  function init() {
    var dataEl = document.getElementById("hd-actions");
    var selector = document.querySelector("[data-scope-selector]");
    if (!dataEl || !selector) { return; }
    var actions;
    // a JSON <script> on hubdocs' own pages; an attribute under MkDocs (see mkdocs_plugin.py)
    var json = dataEl.getAttribute("data-actions") || dataEl.textContent || "[]";
    try { actions = JSON.parse(json); } catch (e) { return; }
    var byId = new Map();
    actions.forEach(function (a) { byId.set(a.id, a); });

    var checks = Array.prototype.slice.call(selector.querySelectorAll(".hd-ss-check"));
    var filterBox = selector.querySelector(".hd-ss-filter");
    var filterInput = selector.querySelector(".hd-ss-filter-input");
    var summary = selector.querySelector(".hd-ss-summary");
    var scopesOut = selector.querySelector(".hd-ss-scopes");
    var urlOut = selector.querySelector(".hd-ss-url");
    var copyBtn = selector.querySelector(".hd-ss-copy");
    var clearBtn = selector.querySelector(".hd-ss-clear");
    var conditioned = Array.prototype.slice.call(
      document.querySelectorAll("[data-guide-section][data-guide-scopes], .hd-step[data-guide-scopes]")
    );
    var grants = Array.prototype.slice.call(document.querySelectorAll(".hd-grant"));

    checks.forEach(function (c) { c.disabled = false; });
    if (filterBox) { filterBox.hidden = false; }
    if (summary) { summary.hidden = false; }

    function selectedIds() {
      return checks.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    }

    function shareUrl(ids) {
      var base = window.location.origin + window.location.pathname;
      return ids.length ? base + "?actions=" + ids.map(encodeURIComponent).join(",") : base;
    }

    function enablesFor(scopes) {
      var set = new Set(scopes);
      var labels = actions
        .filter(function (a) { return a.scopes.some(function (s) { return set.has(s); }); })
        .map(function (a) { return a.label; });
      return Array.from(new Set(labels)).sort(function (x, y) {
        return x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0;
      });
    }

    function apply() {
      var ids = selectedIds();
      var scopes = new Set();
      ids.forEach(function (id) {
        var a = byId.get(id);
        if (a) { a.scopes.forEach(function (s) { scopes.add(s); }); }
      });
      var active = ids.length > 0;
      conditioned.forEach(function (el) {
        var cond = words(el.getAttribute("data-guide-scopes"));
        el.hidden = active && cond.length > 0 && !cond.some(function (s) { return scopes.has(s); });
      });
      grants.forEach(function (g) {
        var listed = words(g.getAttribute("data-display-scopes"));
        var shown = active ? listed.filter(function (s) { return scopes.has(s); }) : listed;
        g.hidden = active && shown.length === 0;
        Array.prototype.forEach.call(g.querySelectorAll("li[data-scope]"), function (li) {
          li.hidden = active && !scopes.has(li.getAttribute("data-scope"));
        });
        var out = g.querySelector(".hd-enables-list");
        if (out) { out.textContent = enablesFor(shown).join(", "); }
      });
      var list = Array.from(scopes).sort();
      if (scopesOut) { scopesOut.textContent = list.length ? list.join(", ") : "none (the whole guide is shown)"; }
      var url = shareUrl(ids);
      if (urlOut) { urlOut.value = url; }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", url + window.location.hash);
      }
    }

    var wanted = new URLSearchParams(window.location.search).get("actions");
    if (wanted) {
      var ids = new Set(words(wanted));
      checks.forEach(function (c) { c.checked = ids.has(c.value) && byId.has(c.value); });
    }
    checks.forEach(function (c) { c.addEventListener("change", apply); });
    if (filterInput) {
      filterInput.addEventListener("input", function () {
        var q = filterInput.value.trim().toLowerCase();
        checks.forEach(function (c) {
          var a = byId.get(c.value);
          var hay = a ? (a.label + " " + a.id + " " + a.scopes.join(" ")).toLowerCase() : "";
          c.closest("tr").hidden = q.length > 0 && hay.indexOf(q) < 0;
        });
      });
    }
    if (copyBtn) {
      copyBtn.addEventListener("click", function () {
        var done = function () { copyBtn.textContent = "Copied"; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(urlOut.value).then(done, function () { urlOut.select(); });
        } else { urlOut.select(); }
      });
    }
    if (clearBtn) {
      clearBtn.addEventListener("click", function () {
        checks.forEach(function (c) { c.checked = false; });
        apply();
      });
    }
    apply();
  }

  // Material for MkDocs' instant navigation swaps pages without loading scripts again: its
  // document$ stream emits the first page and every page after it. Elsewhere, run once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
