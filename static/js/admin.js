/* Meltingcoop admin: accessible names the admin's tabular inlines and select2 widgets
   lack, and no time-zone warning (everyone works in Paris time). No inline script (CSP). */
"use strict";

(function () {
  // Staff all work in Paris time, the server's: DateTimeShortcuts (run on "load") then
  // neither warns « votre heure précède l'heure du serveur » nor shifts « Aujourd'hui ».
  document.addEventListener("DOMContentLoaded", function () {
    delete document.body.dataset.adminUtcOffset;
  });

  function headerText(th) {
    const copy = th.cloneNode(true);
    copy.querySelectorAll("img, .help, .help-tooltip").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // A tabular inline shows the field names once, in the table head: give each row's
  // inputs that name (« Date, ligne 2 »), since no <label> points to them.
  function labelTabularRows(table) {
    const names = {};
    table.querySelectorAll("thead th").forEach(function (th) {
      th.classList.forEach(function (cls) {
        if (cls.startsWith("column-")) names[cls.slice(7)] = headerText(th);
      });
      if (!th.textContent.trim()) {
        const hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = table.dataset.originalLabel || "Fiche";
        th.appendChild(hidden);
      }
    });
    const deleteName = headerText(table.querySelector("thead th:last-child") || document.createElement("th"));
    table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
      const suffix = ", ligne " + (index + 1);
      row.querySelectorAll("td").forEach(function (td) {
        let name = null;
        td.classList.forEach(function (cls) {
          if (cls.startsWith("field-")) name = names[cls.slice(6)];
        });
        if (td.classList.contains("delete")) name = deleteName || "Supprimer";
        if (!name) return;
        td.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
          if (!el.getAttribute("aria-label")) el.setAttribute("aria-label", name + suffix);
        });
      });
    });
  }

  function labelledBy(select) {
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/[\s:]+$/, "").trim() : null;
  }

  // select2 draws its own combobox beside the hidden <select>: give it the select's name.
  function labelSelect2() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const name = labelledBy(select);
      const container = select.nextElementSibling;
      if (!name || !container || !container.classList.contains("select2")) return;
      container.querySelectorAll("[role=combobox], [role=textbox], .select2-search__field").forEach(function (el) {
        el.setAttribute("aria-label", name);
        el.removeAttribute("aria-labelledby");
      });
    });
  }

  function labelAll() {
    document.querySelectorAll(".inline-group .tabular table").forEach(labelTabularRows);
    labelSelect2();
    // django-import-export's « Tout sélectionner » label points to an id nobody has.
    const toggle = document.querySelector("input.select-toggle");
    if (toggle && !toggle.id) toggle.id = "select-all-toggle";
  }

  window.addEventListener("load", function () {
    labelAll();
    // Rows added with « Ajouter un autre … » and select2 drawn later get names too.
    new MutationObserver(labelAll).observe(document.getElementById("content") || document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
