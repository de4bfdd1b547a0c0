/* Draws each Mermaid diagram of the page (<figure data-hd-mermaid>, its source in a <pre>)
   with the vendored mermaid.min.js, under the site's CSP through mermaid-csp.js. The source
   stays in the page (shown when JavaScript is off or a diagram fails). Redrawn in the other
   theme when the reader toggles dark mode. */
(function () {
  "use strict";
  var shim = window.hdMermaidCsp;
  var figures = Array.prototype.slice.call(document.querySelectorAll("[data-hd-mermaid]"));
  if (shim) { shim.restore(); }
  if (!window.mermaid || !shim || !figures.length) { return; }
  var mermaid = window.mermaid;
  var root = document.documentElement;
  var generation = 0;
  var queue = Promise.resolve();

  function theme() {
    var t = root.getAttribute("data-theme");
    if (t !== "dark" && t !== "light") {
      t = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    }
    return t === "dark" ? "dark" : "default";
  }

  function source(fig) {
    var code = fig.querySelector(".hd-mermaid-src code");
    return code ? code.textContent : "";
  }

  function place(fig, svg) {
    var holder = document.createElement("div");
    holder.innerHTML = shim.hideStyles(svg);
    shim.applyStyles(holder);
    var box = fig.querySelector(".hd-mermaid-svg");
    if (!box) {
      box = document.createElement("div");
      box.className = "hd-mermaid-svg";
      fig.appendChild(box);
    }
    box.replaceChildren.apply(box, Array.prototype.slice.call(holder.childNodes));
    fig.classList.add("hd-mermaid--drawn");
    fig.classList.remove("hd-mermaid--error");
  }

  function drawAll() {
    var gen = ++generation;
    var t = theme();
    queue = queue.then(function () {
      shim.install();
      shim.reset();
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: t, suppressErrorRendering: true });
      var chain = Promise.resolve();
      figures.forEach(function (fig, i) {
        chain = chain.then(function () {
          var id = "mmd-" + gen + "-" + i;
          return mermaid.render(id, source(fig)).then(
            function (out) { if (gen === generation) { place(fig, out.svg); } },
            function () {
              var stray = document.getElementById("d" + id);
              if (stray) { stray.remove(); }
              fig.classList.add("hd-mermaid--error");
              fig.classList.remove("hd-mermaid--drawn");
            }
          );
        });
      });
      return chain.then(done, done);
    });
    function done() {
      shim.restore();
      root.setAttribute("data-hd-mermaid", "drawn");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  new MutationObserver(function () { drawAll(); }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  if (window.matchMedia) {
    var mq = window.matchMedia("(prefers-color-scheme: dark)");
    if (mq.addEventListener) { mq.addEventListener("change", drawAll); }
  }
})();
