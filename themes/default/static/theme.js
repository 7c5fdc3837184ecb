// The colour theme: light, dark or auto (the operating system's setting),
// chosen with the header's theme button and remembered in localStorage.
// Loaded synchronously in <head>, before the stylesheet, so `data-theme` is
// on <html> before the first paint: no flash of the wrong theme. An external
// file, not an inline script: the pages' CSP allows only `script-src 'self'`.
(function () {
  'use strict';
  var KEY = 'isms-theme';
  var ORDER = ['auto', 'light', 'dark'];
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(choice) {
    if (choice === 'light' || choice === 'dark') { root.setAttribute('data-theme', choice); } else { root.removeAttribute('data-theme'); }
  }
  function current() { return root.getAttribute('data-theme') || 'auto'; }
  apply(stored());
  function wire() {
    var button = document.getElementById('theme-toggle');
    if (!button) { return; }
    function label() {
      button.textContent = 'Theme: ' + current();
      button.setAttribute('title', 'Colour theme: ' + current() + ' (press to change: auto, light, dark)');
    }
    label();
    button.hidden = false;
    button.addEventListener('click', function () {
      var next = ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length];
      try {
        if (next === 'auto') { window.localStorage.removeItem(KEY); } else { window.localStorage.setItem(KEY, next); }
      } catch (e) { /* storage refused: the choice lasts for this page */ }
      apply(next);
      label();
    });
    // Another tab changed the theme.
    window.addEventListener('storage', function (e) {
      if (e.key === KEY) { apply(e.newValue); label(); }
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', wire); } else { wire(); }
}());
