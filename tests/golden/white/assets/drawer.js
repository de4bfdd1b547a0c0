/* Phones: the menu button opens the sidebar as a drawer (focus kept inside, Escape or a click
   outside closes it, focus goes back to the button). Without JavaScript the button is a link to
   #hd-nav and the stylesheet shows the drawer while it is the :target. */
(function () {
  "use strict";
  var FOCUSABLE = 'a[href], button:not([hidden]):not([disabled]), summary, input, select, [tabindex]:not([tabindex="-1"])';

  function init() {
    var button = document.querySelector(".hd-menu-open");
    var drawer = document.getElementById("hd-nav");
    if (!button || !drawer) { return; }
    var close = drawer.querySelector(".hd-drawer-close");
    var search = drawer.querySelector(".hd-drawer-search");
    var opener = document.querySelector(".hd-search-open");
    var narrow = window.matchMedia("(max-width: 48rem)");
    var inerted = [];
    button.setAttribute("role", "button");
    button.setAttribute("aria-expanded", "false");

    function others() {
      var out = [];
      var node = drawer;
      while (node && node !== document.body) {
        var parent = node.parentElement;
        if (!parent) { break; }
        for (var i = 0; i < parent.children.length; i++) {
          var el = parent.children[i];
          if (el !== node && !el.inert && el.tagName !== "SCRIPT" && el.tagName !== "DIALOG") { out.push(el); }
        }
        node = parent;
      }
      return out;
    }

    function isOpen() { return drawer.classList.contains("hd-open"); }

    function open() {
      drawer.classList.add("hd-open");
      document.body.classList.add("hd-drawer-active");
      button.setAttribute("aria-expanded", "true");
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
      drawer.setAttribute("aria-label", "Navigation");
      inerted = others();
      inerted.forEach(function (el) { el.inert = true; });
      var current = drawer.querySelector('.hd-sidebar [aria-current="page"]');
      if (current && current.scrollIntoView) { current.scrollIntoView({ block: "center" }); }
      (close || drawer).focus();
    }

    function shut(refocus) {
      if (!isOpen()) { return; }
      drawer.classList.remove("hd-open");
      document.body.classList.remove("hd-drawer-active");
      button.setAttribute("aria-expanded", "false");
      drawer.removeAttribute("role");
      drawer.removeAttribute("aria-modal");
      drawer.removeAttribute("aria-label");
      inerted.forEach(function (el) { el.inert = false; });
      inerted = [];
      if (refocus !== false) { button.focus(); }
    }

    button.addEventListener("click", function (ev) {
      ev.preventDefault();
      if (isOpen()) { shut(); } else { open(); }
    });
    if (close) {
      close.addEventListener("click", function (ev) { ev.preventDefault(); shut(); });
    }
    if (search && opener) {
      search.hidden = false;
      search.addEventListener("click", function () { shut(false); opener.click(); });
    }
    drawer.addEventListener("click", function (ev) {
      var link = ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
      if (link && link !== close && isOpen()) { shut(false); } // the page changes or scrolls to it
    });
    document.addEventListener("keydown", function (ev) {
      if (!isOpen()) { return; }
      if (ev.key === "Escape") { ev.preventDefault(); shut(); return; }
      if (ev.key !== "Tab") { return; }
      var items = Array.prototype.filter.call(drawer.querySelectorAll(FOCUSABLE), function (el) {
        // closed <details> keep their links in the tree: only what is drawn takes focus
        var shown = el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0;
        return shown || el === document.activeElement;
      });
      if (!items.length) { return; }
      var first = items[0], last = items[items.length - 1];
      if (ev.shiftKey && (document.activeElement === first || !drawer.contains(document.activeElement))) {
        ev.preventDefault(); last.focus();
      } else if (!ev.shiftKey && (document.activeElement === last || !drawer.contains(document.activeElement))) {
        ev.preventDefault(); first.focus();
      }
    });
    document.addEventListener("click", function (ev) {
      if (isOpen() && !drawer.contains(ev.target) && !button.contains(ev.target)) { shut(); }
    });
    var onChange = function () { if (!narrow.matches) { shut(false); } };
    if (narrow.addEventListener) { narrow.addEventListener("change", onChange); }
    if (window.location.hash === "#hd-nav" && narrow.matches) { open(); }
  }

  /* docs.json `banner.dismissible`: the close button hides it and remembers which text was
     dismissed (a new text shows again). */
  function banner() {
    var el = document.querySelector(".hd-site-banner[data-dismissible]");
    if (!el) { return; }
    var key = "hd-banner-" + el.getAttribute("data-banner");
    var gone = null;
    try { gone = window.localStorage.getItem(key); } catch (e) { gone = null; }
    if (gone) { el.hidden = true; return; }
    var close = el.querySelector(".hd-site-banner-close");
    if (!close) { return; }
    close.hidden = false;
    close.addEventListener("click", function () {
      el.hidden = true;
      try { window.localStorage.setItem(key, "1"); } catch (e) { /* private mode */ }
    });
  }

  function start() { banner(); init(); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
