// The main navigation's menus (<details>): they work without this script;
// with it, opening one closes the others, and a click outside or Escape
// closes an open one.
(function () {
  'use strict';
  var menus = Array.prototype.slice.call(document.querySelectorAll('.nav-menu details'));
  if (menus.length === 0) { return; }
  menus.forEach(function (d) {
    d.addEventListener('toggle', function () {
      if (!d.open) { return; }
      menus.forEach(function (other) { if (other !== d) { other.open = false; } });
    });
  });
  document.addEventListener('click', function (e) {
    menus.forEach(function (d) { if (d.open && !d.contains(e.target)) { d.open = false; } });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') { return; }
    menus.forEach(function (d) {
      if (d.open) {
        var inside = d.contains(document.activeElement);
        d.open = false;
        if (inside) { d.querySelector('summary').focus(); }
      }
    });
  });
}());
