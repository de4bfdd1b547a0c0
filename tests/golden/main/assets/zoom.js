/* Click-to-zoom for content images (Mintlify's default): each image becomes a button (role,
   tab stop, Enter/Space) that opens it full size in a modal dialog (Escape, a click or the close button shut
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
    return !img.closest("a, button, .hd-tile, .hd-card, .hd-logo, .mermaid");
  }

  function init() {
    var imgs = document.querySelectorAll("main .hd-article img");
    Array.prototype.forEach.call(imgs, function (img) {
      if (!zoomable(img)) { return; }
      /* the image itself is the button: no wrapper, so the author's layout (centred, a width,
         a light/dark pair) stays exactly as written */
      img.classList.add("hd-zoom");
      img.setAttribute("role", "button");
      img.tabIndex = 0;
      img.setAttribute("aria-label", img.alt ? "Zoom image: " + img.alt : "Zoom image");
      img.addEventListener("click", function () { open(img, img); });
      img.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open(img, img);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
