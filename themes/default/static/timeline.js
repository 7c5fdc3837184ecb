// Optional client-side filters for the improvement timeline. The page is
// complete without it; this hides events of unticked categories or of other
// years, and can list the newest first. `?year=2026&order=newest` in the
// address starts with those choices.
(function () {
  var form = document.getElementById('timeline-filter');
  var list = document.getElementById('timeline-months');
  if (!form || !list) { return; }
  var year = form.querySelector('select[name=year]');
  var order = form.querySelector('select[name=order]');
  var out = form.querySelector('output');
  var newest = false;
  var params = new URLSearchParams(window.location.search);
  function choose(select, value) {
    if (!select || value === null) { return; }
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) { select.value = value; }
    }
  }
  choose(year, params.get('year'));
  choose(order, params.get('order'));
  // Reverse the months, and the events in each, when the order changes.
  function reorder(wanted) {
    if (wanted === newest) { return; }
    newest = wanted;
    var months = Array.prototype.slice.call(list.querySelectorAll('section.month'));
    months.reverse().forEach(function (month) {
      var events = month.querySelector('ol.events');
      Array.prototype.slice.call(events.children).reverse().forEach(function (li) { events.appendChild(li); });
      list.appendChild(month);
    });
  }
  function apply() {
    var shown = {};
    form.querySelectorAll('input[name=category]').forEach(function (box) { shown[box.value] = box.checked; });
    var onlyYear = year ? year.value : '';
    var count = 0;
    var total = 0;
    list.querySelectorAll('section.month').forEach(function (section) {
      var inYear = onlyYear === '' || section.getAttribute('data-year') === onlyYear;
      var visible = 0;
      section.querySelectorAll('li.event').forEach(function (li) {
        total += 1;
        li.hidden = !inYear || !shown[li.getAttribute('data-category')];
        if (!li.hidden) { visible += 1; }
      });
      section.hidden = visible === 0;
      count += visible;
    });
    reorder(order !== null && order.value === 'newest');
    out.textContent = 'Showing ' + count + ' of ' + total + ' events' + (newest ? ', newest first.' : '.');
  }
  form.hidden = false;
  form.addEventListener('change', apply);
  apply();
}());
