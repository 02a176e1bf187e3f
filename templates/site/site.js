// The monitoring site's one script: sort and filter the project library's table in the browser.
// Without it the table is a plain table; nothing here loads anything.
"use strict";

(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, document.documentElement.lang || undefined);
  }

  function makeSortable(table) {
    var headers = table.tHead.rows[0].cells;
    var hint = table.getAttribute("data-sort-hint") || "";
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.title = hint;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellValue(r1, index), cellValue(r2, index));
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilter(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var shown = form.elements.namedItem("shown");
    function apply() {
      var text = form.elements.namedItem("q").value.trim().toLowerCase();
      var light = form.elements.namedItem("light").value;
      var stage = form.elements.namedItem("stage").value;
      var count = 0;
      rows.forEach(function (row) {
        var keep = (!text || row.textContent.toLowerCase().indexOf(text) !== -1) &&
          (!light || row.getAttribute("data-light") === light) &&
          (!stage || row.getAttribute("data-stage") === stage);
        row.hidden = !keep;
        if (keep) count += 1;
      });
      if (shown) {
        shown.value = shown.getAttribute("data-template")
          .replace("{shown}", String(count)).replace("{total}", String(rows.length));
      }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form.filters"), makeFilter);
  });
})();
