/* Connect form: session token, then the credentials as JSON; inline errors; a confirmation dialog. */
(function () {
  "use strict";

  function init() {
    var form = document.querySelector(".hd-connect-form");
    if (!form || !window.fetch) { return; }
    var endpoint = form.getAttribute("data-endpoint");
    var provider = form.getAttribute("data-provider");
    var authMethod = form.getAttribute("data-auth-method");
    var providerName = form.getAttribute("data-provider-name") || provider;
    var button = form.querySelector(".hd-connect-submit");
    var status = form.querySelector(".hd-form-status");
    var dialog = document.querySelector(".hd-dialog");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input, select"));

    function fieldError(input, message) {
      var out = document.getElementById("hd-error-" + input.name);
      if (out) { out.textContent = message || ""; }
      if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    }

    function setStatus(message, isError) {
      status.textContent = message;
      status.classList.toggle("hd-error", Boolean(isError));
    }

    function labelOf(input) {
      var label = form.querySelector('label[for="' + input.id + '"]');
      return label ? label.firstChild.textContent.trim() : input.name;
    }

    function post(path, body, token) {
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      if (token) { headers.Authorization = "Bearer " + token; }
      return fetch(endpoint + path, {
        method: "POST", headers: headers, body: JSON.stringify(body),
        credentials: "same-origin", cache: "no-store", referrerPolicy: "no-referrer"
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      setStatus("", false);
      var firstBad = null;
      var credentials = {};
      inputs.forEach(function (input) {
        fieldError(input, "");
        var value = input.value;
        if (input.required && value.trim() === "") {
          fieldError(input, labelOf(input) + " is required.");
          if (!firstBad) { firstBad = input; }
        } else if (value !== "") {
          credentials[input.name] = value;
        }
      });
      if (firstBad) {
        setStatus("Fill out the required fields.", true);
        firstBad.focus();
        return;
      }
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      setStatus("Connecting…", false);
      var meta = { provider: provider, auth_method: authMethod };
      post("/connect_sessions", meta)
        .then(function (session) {
          if (session.status !== 201 || !session.data.token) {
            throw new Error(session.data.error || "Could not start a connect session (HTTP " + session.status + ").");
          }
          return post("/accounts", { provider: provider, auth_method: authMethod, credentials: credentials }, session.data.token);
        })
        .then(function (res) {
          if (res.status === 201) {
            setStatus("", false);
            form.reset();
            var text = dialog.querySelector(".hd-dialog-text");
            text.textContent = "Your " + providerName + " account is now linked (account " + res.data.id + ").";
            if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
            return;
          }
          if (res.status === 422 && res.data.errors) {
            var first = null;
            Object.keys(res.data.errors).forEach(function (key) {
              var input = form.querySelector('[name="' + key.replace(/["\\]/g, "") + '"]');
              if (input) { fieldError(input, res.data.errors[key]); if (!first) { first = input; } }
            });
            setStatus(res.data.error || "Check the highlighted fields.", true);
            if (first) { first.focus(); }
            return;
          }
          throw new Error(res.data.error || "Connection failed (HTTP " + res.status + ").");
        })
        .catch(function (err) {
          setStatus(err && err.message ? err.message : "Connection failed.", true);
        })
        .then(function () {
          button.disabled = false;
          button.removeAttribute("aria-busy");
        });
    });
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
