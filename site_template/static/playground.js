// API playground (components/openapi/playground.html): sends the request from the reader's
// browser with fetch. Credentials typed in are read at send time only: never stored (no
// storage, no cookies) and never put in this page's URL. Requests go only to the origins the
// form lists in data-origins (the page's CSP connect-src allows exactly those).
"use strict";
(function () {
  var MAX_SHOWN = 100000;

  function origins(form) {
    try {
      var list = JSON.parse(form.getAttribute("data-origins") || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function fill(path, values) {
    return path.replace(/\{([^{}\/]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? encodeURIComponent(values[name]) : whole;
    });
  }

  function build(form) {
    var server = form.querySelector("[data-hd-server]");
    var pathValues = {};
    var query = new URLSearchParams();
    var headers = new Headers();
    form.querySelectorAll("input[data-in]:not([data-auth])").forEach(function (input) {
      var name = input.getAttribute("data-name");
      var where = input.getAttribute("data-in");
      if (input.value === "") return;
      if (where === "path") pathValues[name] = input.value;
      else if (where === "query") query.append(name, input.value);
      else if (where === "header") headers.set(name, input.value);
    });
    var user = form.querySelector('[data-auth="basic-user"]');
    var pass = form.querySelector('[data-auth="basic-pass"]');
    if (user && pass && (user.value || pass.value)) {
      headers.set("Authorization", "Basic " + btoa(unescape(encodeURIComponent(user.value + ":" + pass.value))));
    }
    form.querySelectorAll('[data-auth="bearer"], [data-auth="apikey"]').forEach(function (input) {
      if (!input.value) return;
      var kind = input.getAttribute("data-auth");
      var name = input.getAttribute("data-name");
      if (kind === "bearer") headers.set("Authorization", "Bearer " + input.value);
      else if (input.getAttribute("data-in") === "query") query.append(name, input.value);
      else headers.set(name, input.value);
    });
    var init = {
      method: form.getAttribute("data-method"),
      headers: headers,
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      redirect: "follow"
    };
    var body = form.querySelector("[data-hd-body]");
    var type = form.getAttribute("data-content-type");
    if (body && body.value.trim() !== "" && init.method !== "GET" && init.method !== "HEAD") {
      init.body = body.value;
      if (type) headers.set("Content-Type", type);
    }
    var url = new URL(server.value.replace(/\/+$/, "") + fill(form.getAttribute("data-path"), pathValues));
    query.forEach(function (value, name) { url.searchParams.append(name, value); });
    return { url: url, init: init };
  }

  function show(form, status, text, failed) {
    var result = form.querySelector("[data-hd-result]");
    var line = form.querySelector("[data-hd-status]");
    result.hidden = false;
    line.textContent = status;
    line.classList.toggle("hd-oa-try-status--error", !!failed);
    var shown = text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) + "\n…" : text;
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) { /* not JSON: shown as sent */ }
    form.querySelector("[data-hd-response]").textContent = shown;
  }

  function send(form, button) {
    var request;
    try {
      request = build(form);
    } catch (e) {
      show(form, "Cannot build the request: " + e.message, "", true);
      return;
    }
    if (origins(form).indexOf(request.url.origin) < 0) {
      show(form, "Not sent: " + request.url.origin + " is not one of this API's servers.", "", true);
      return;
    }
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 30000);
    request.init.signal = controller.signal;
    button.disabled = true;
    fetch(request.url.href, request.init)
      .then(function (response) {
        return response.text().then(function (text) {
          show(form, response.status + " " + response.statusText, text, !response.ok);
        });
      })
      .catch(function (e) {
        show(form, "Request failed: " + (e && e.name === "AbortError" ? "timed out" : e.message) +
          " (the API may not allow requests from this site: CORS)", "", true);
      })
      .finally(function () {
        clearTimeout(timer);
        button.disabled = false;
      });
  }

  document.querySelectorAll("form[data-hd-playground]").forEach(function (form) {
    var button = form.querySelector(".hd-oa-try-send");
    if (!button) return;
    button.hidden = false;
    button.disabled = false;
    form.classList.add("hd-oa-try--ready");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form, button);
    });
  });
})();
