// Column headers become sort buttons; without this script the table reads the same, in folder order.
(function () {
  "use strict";
  var table = document.getElementById("summary");
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  function key(row, index, numeric) {
    var value = row.cells[index].getAttribute("data-sort") || "";
    return numeric ? parseFloat(value) : value.toLowerCase();
  }
  Array.prototype.forEach.call(headers, function (header, index) {
    var button = document.createElement("button");
    button.type = "button";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      var numeric = header.getAttribute("data-type") === "number";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, index, numeric), y = key(b, index, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    });
  });
}());
