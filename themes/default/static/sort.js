// Optional column sorting for tables inside an element marked
// `data-sortable` (the risk register). The table is complete and in a
// meaningful order without it; this turns each column header into a button
// that sorts the rows by that column, numbers as numbers, and announces the
// order with aria-sort.
(function () {
  document.querySelectorAll('[data-sortable] table').forEach(function (table) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    // A cell's `data-sort` (written by the build for numbers shown with a
    // unit, "3 days") wins over its text.
    function key(row, i) {
      var cell = row.cells[i];
      var text = (cell ? cell.textContent : '').trim();
      var raw = cell && cell.dataset.sort !== undefined ? cell.dataset.sort : text;
      return { text: text, number: /^-?[0-9.]+$/.test(raw) ? parseFloat(raw) : null };
    }
    function sortBy(i, th) {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, i), y = key(b, i);
        var c = (x.number !== null && y.number !== null) ? x.number - y.number
          : (x.number !== null ? -1 : (y.number !== null ? 1 : x.text.localeCompare(y.text)));
        return ascending ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    }
    Array.prototype.forEach.call(headers, function (th, i) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = th.textContent;
      button.title = 'Sort by ' + th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () { sortBy(i, th); });
    });
  });
}());
