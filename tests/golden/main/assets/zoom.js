/* Click-to-zoom for content images (Mintlify's default): a click, or Enter/Space on the focused
   image (an image with alt text is a button named "Zoom image: <alt>"), opens it full size in a
   modal dialog (Escape, a click or the close button shut it; focus returns to the image). The
   image stays where it is (its classes keep laying it out). Left alone: images marked noZoom
   (data-nozoom), inside a link, a button, a card or a Tile, and icons. No inline style. */
(function () {
  "use strict";
  var dialog = null, big = null, opener = null;

  function ensureDialog() {
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.className = "hd-zoom-dialog";
    dialog.setAttribute("aria-label", "Zoomed image");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "hd-zoom-close";
    close.setAttribute("aria-label", "Close zoomed image");
    close.textContent = "✕";
    big = document.createElement("img");
    big.className = "hd-zoom-img";
    dialog.appendChild(close);
    dialog.appendChild(big);
    dialog.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      big.removeAttribute("src");
      if (opener) { opener.focus(); opener = null; }
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function open(button, img) {
    ensureDialog();
    big.src = img.currentSrc || img.src;
    big.alt = img.alt || "";
    opener = button;
    dialog.showModal();
  }

  function zoomable(img) {
    if (img.hasAttribute("data-nozoom") || img.classList.contains("hd-icon")) { return false; }
    return !img.closest("a, button, .hd-tile, .hd-card, .hd-logo, .mermaid");
  }

  function init() {
    var imgs = document.querySelectorAll("main .hd-article img");
    Array.prototype.forEach.call(imgs, function (img) {
      if (!zoomable(img)) { return; }
      img.classList.add("hd-zoomable");
      if (img.alt) { // an image with no text stays decorative: zoomed by a click only
        img.tabIndex = 0;
        img.setAttribute("role", "button");
        img.setAttribute("aria-label", "Zoom image: " + img.alt);
      }
      img.addEventListener("click", function () { open(img, img); });
      img.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(img, img); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
