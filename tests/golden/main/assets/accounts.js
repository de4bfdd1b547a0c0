/* Accounts page: lists the accounts linked through the connect endpoint (no secrets are ever returned). */
(function () {
  "use strict";

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
  }

  function init() {
    var box = document.querySelector(".hd-accounts");
    if (!box || !window.fetch) { return; }
    var status = box.querySelector(".hd-accounts-status");
    var table = box.querySelector(".hd-accounts-table");
    var tbody = table.querySelector("tbody");
    fetch(box.getAttribute("data-endpoint") + "/accounts", { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (data) {
        var accounts = data.accounts || [];
        if (!accounts.length) { status.textContent = "No linked accounts yet."; return; }
        accounts.forEach(function (a) {
          var row = document.createElement("tr");
          cell(row, a.provider); cell(row, a.auth_method); cell(row, a.status); cell(row, a.created_at); cell(row, a.id);
          tbody.appendChild(row);
        });
        status.textContent = accounts.length + " linked account" + (accounts.length === 1 ? "" : "s") + ".";
        table.hidden = false;
      })
      .catch(function (err) {
        status.textContent = "Could not load accounts (" + err.message + ").";
        status.classList.add("hd-error");
      });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
