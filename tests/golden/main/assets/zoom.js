/* Click-to-zoom for content images (Mintlify's default): each image becomes the content of a
   button that opens it full size in a modal dialog (Escape, a click or the close button shut
   it; focus returns to the image). Left alone: images marked noZoom (data-nozoom), inside a
   link, a button or a Tile, and icons. No inline style: the zoomed state is a class. */
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
    return !img.closest("a, button, .hd-tile, .hd-card, .hd-zoom, .hd-logo, .mermaid");
  }

  function init() {
    var imgs = document.querySelectorAll("main .hd-article img");
    Array.prototype.forEach.call(imgs, function (img) {
      if (!zoomable(img)) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hd-zoom " + (img.getAttribute("class") || "");
      var label = img.alt ? "Zoom image: " + img.alt : "Zoom image";
      button.setAttribute("aria-label", label);
      img.parentNode.insertBefore(button, img);
      button.appendChild(img);
      button.addEventListener("click", function () { open(button, img); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
