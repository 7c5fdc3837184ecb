// Optional client-side filter for the improvement timeline. The page is
// complete without it; this only hides events of unticked categories.
(function () {
  var form = document.getElementById('timeline-filter');
  if (!form) { return; }
  form.hidden = false;
  function apply() {
    var shown = {};
    form.querySelectorAll('input[name=category]').forEach(function (box) { shown[box.value] = box.checked; });
    document.querySelectorAll('li.event').forEach(function (li) {
      li.hidden = !shown[li.getAttribute('data-category')];
    });
    document.querySelectorAll('section.month').forEach(function (section) {
      section.hidden = section.querySelectorAll('li.event:not([hidden])').length === 0;
    });
  }
  form.addEventListener('change', apply);
}());
