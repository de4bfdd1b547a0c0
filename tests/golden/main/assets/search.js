/* Site search over /search-index.json: opens with "/" or Ctrl-K, works offline, no third-party code. */
(function () {
  "use strict";
  var index = null;
  var dialog, input, list, status;

  function tokens(text) {
    return text.toLowerCase().split(/[^a-z0-9\u00c0-\uffff]+/).filter(function (t) { return t.length > 0; });
  }

  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch("/search-index.json", { cache: "no-cache" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) {
        index = data.map(function (e) {
          return { e: e, t: e.t.toLowerCase(), n: e.n.toLowerCase(), h: e.h.toLowerCase(), x: (e.d + " " + e.x).toLowerCase() };
        });
        return index;
      });
  }

  function score(item, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var q = terms[i], s = 0;
      if (item.t.indexOf(q) >= 0) { s += 5; }
      if (item.n.indexOf(q) >= 0) { s += 4; }
      if (item.h.indexOf(q) >= 0) { s += 2; }
      if (item.x.indexOf(q) >= 0) { s += 1; }
      if (s === 0) { return 0; }
      total += s;
    }
    return total;
  }

  function render(query) {
    var terms = tokens(query);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var hits = index
      .map(function (item) { return { item: item, s: score(item, terms) }; })
      .filter(function (h) { return h.s > 0; })
      .sort(function (a, b) { return b.s - a.s || (a.item.e.t < b.item.e.t ? -1 : 1); })
      .slice(0, 20);
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = h.item.e.u;
      var title = document.createElement("strong");
      title.textContent = h.item.e.t;
      var desc = document.createElement("span");
      desc.textContent = h.item.e.d;
      a.appendChild(title);
      a.appendChild(desc);
      li.appendChild(a);
      list.appendChild(li);
    });
    status.textContent = hits.length ? hits.length + " result" + (hits.length === 1 ? "" : "s") : "No results";
  }

  function open() {
    if (!dialog) { return; }
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    input.select();
    load().then(function () { render(input.value); }, function () { status.textContent = "Search is unavailable."; });
  }

  function init() {
    dialog = document.querySelector(".hd-search");
    var button = document.querySelector(".hd-search-open");
    if (!dialog || !button || !window.fetch) { return; }
    input = dialog.querySelector(".hd-search-input");
    list = dialog.querySelector(".hd-search-results");
    status = dialog.querySelector(".hd-search-status");
    button.hidden = false;
    button.addEventListener("click", open);
    input.addEventListener("input", function () { if (index) { render(input.value); } });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { window.location.href = first.getAttribute("href"); }
      }
    });
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) { dialog.close(); } });
    document.addEventListener("keydown", function (ev) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((ev.target && ev.target.tagName) || "") || (ev.target && ev.target.isContentEditable);
      if ((ev.key === "/" && !typing) || (ev.key.toLowerCase() === "k" && (ev.ctrlKey || ev.metaKey))) {
        ev.preventDefault();
        open();
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
