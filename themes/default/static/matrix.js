// Optional row filters for the coverage matrix and the audit programme:
// "only gaps" and a theme (clauses, or an Annex A theme). The page is
// complete without it; this only hides rows, by the `data-gap` and
// `data-theme` attributes the build writes on each row.
(function () {
  document.querySelectorAll('div.matrix-filter').forEach(function (box) {
    var table = document.getElementById(box.getAttribute('data-matrix'));
    if (!table) { return; }
    var rows = table.querySelectorAll('tbody tr[data-theme]');
    var out = box.querySelector('output');
    var gaps = box.querySelector('input[name=gaps]');
    var theme = box.querySelector('select[name=theme]');
    function apply() {
      var shown = 0;
      rows.forEach(function (tr) {
        var hide = (gaps.checked && tr.getAttribute('data-gap') !== 'true') ||
          (theme !== null && theme.value !== '' && tr.getAttribute('data-theme') !== theme.value);
        tr.hidden = hide;
        if (!hide) { shown += 1; }
      });
      table.querySelectorAll('tbody').forEach(function (body) {
        body.hidden = body.querySelector('tr[data-theme]:not([hidden])') === null;
      });
      out.textContent = 'Showing ' + shown + ' of ' + rows.length + ' rows.';
    }
    box.hidden = false;
    box.addEventListener('change', apply);
    apply();
  });
}());
