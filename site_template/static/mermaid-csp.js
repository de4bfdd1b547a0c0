/* Lets mermaid draw under a CSP without 'unsafe-inline' (style-src 'self'). Loaded before
   mermaid.min.js, only on pages with a diagram. While installed (mermaid-init.js installs it
   around each render and restores the originals after):
   - setAttribute("style", …) becomes el.style.cssText = … (CSSOM: not governed by the CSP);
   - a <style> element mermaid creates is an inert element whose text goes to one constructed
     stylesheet (document.adoptedStyleSheets), also CSSOM;
   - DOMPurify's DOMParser sees no style="" attributes or <style> tags (a parsed document
     inherits the page's CSP and would report them); they are re-applied through CSSOM.
   No nonce, no hash: a static page cannot have a per-response nonce, and mermaid's CSS is made
   in the browser. */
(function () {
  "use strict";
  var INERT = "urn:x-hubdocs-inert";
  var sheet = new CSSStyleSheet();
  var css = "";
  var adopted = false;
  var saved = null;

  function addCss(t) {
    if (t) { css += "\n" + t; sheet.replaceSync(css); }
  }

  function install() {
    if (saved) { return; }
    if (!adopted) {
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
      adopted = true;
    }
    var setAttr = Element.prototype.setAttribute;
    var tc = Object.getOwnPropertyDescriptor(Node.prototype, "textContent");
    var ih = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
    var cENS = Document.prototype.createElementNS;
    var cE = Document.prototype.createElement;
    var pfs = DOMParser.prototype.parseFromString;
    saved = { setAttr: setAttr, cENS: cENS, cE: cE, pfs: pfs };

    function makeStyle(doc) {
      var el = cENS.call(doc, INERT, "style");
      Object.defineProperty(el, "textContent", {
        get: function () { return tc.get.call(this); },
        set: function (v) { tc.set.call(this, v); addCss(String(v)); }
      });
      Object.defineProperty(el, "innerHTML", {
        get: function () { return ih.get.call(this); },
        set: function (v) { tc.set.call(this, v); addCss(String(v)); }
      });
      return el;
    }
    function isStyle(name) { return typeof name === "string" && name.toLowerCase() === "style"; }

    Element.prototype.setAttribute = function (n, v) {
      if (isStyle(n)) { this.style.cssText = String(v); return undefined; }
      return setAttr.call(this, n, v);
    };
    Document.prototype.createElementNS = function (ns, name) {
      if (isStyle(name)) { return makeStyle(this); }
      return cENS.apply(this, arguments);
    };
    Document.prototype.createElement = function (name) {
      if (isStyle(name)) { return makeStyle(this); }
      return cE.apply(this, arguments);
    };
    DOMParser.prototype.parseFromString = function (str, type) {
      if (window.TrustedHTML && str instanceof window.TrustedHTML) { str = str.toString(); }
      if (typeof str !== "string") { return pfs.call(this, str, type); }
      var doc = pfs.call(this, hideStyles(str), type);
      applyStyles(doc);
      return doc;
    };
  }

  function restore() {
    if (!saved) { return; }
    Element.prototype.setAttribute = saved.setAttr;
    Document.prototype.createElementNS = saved.cENS;
    Document.prototype.createElement = saved.cE;
    DOMParser.prototype.parseFromString = saved.pfs;
    saved = null;
  }

  /* style="…" -> data-hd-style="…", <style> -> <hd-style> (markup only; no CSS is applied) */
  function hideStyles(markup) {
    return markup.replace(/(\s)style=/gi, "$1data-hd-style=").replace(/<(\/?)style\b/gi, "<$1hd-style");
  }

  /* data-hd-style -> CSSOM; <hd-style> elements dropped (their CSS already is in the sheet) */
  function applyStyles(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-hd-style]"), function (el) {
      el.style.cssText = el.getAttribute("data-hd-style");
      el.removeAttribute("data-hd-style");
    });
    Array.prototype.forEach.call(root.querySelectorAll("hd-style"), function (el) { el.remove(); });
  }

  function reset() { css = ""; sheet.replaceSync(""); }

  window.hdMermaidCsp = {
    install: install, restore: restore, reset: reset,
    hideStyles: hideStyles, applyStyles: applyStyles
  };
  install(); /* mermaid.min.js loads next: whatever it does on load goes through the shim too */
})();
