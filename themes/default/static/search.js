// Client-side search over window.ISMS_SEARCH (search-index.js). Works from
// file:// and offline. Query words match word prefixes; all must match.
(function () {
  'use strict';
  var index = window.ISMS_SEARCH;
  var input = document.getElementById('search-query');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!index || !input || !list) { return; }
  var words = Object.keys(index.words).sort();
  var cache = {};

  function decode(text) {
    var out = [];
    var prev = 0;
    text.split(',').forEach(function (part) { prev += parseInt(part, 36); out.push(prev); });
    return out;
  }
  function postings(table, word) {
    var key = table === index.titles ? 't:' + word : 'w:' + word;
    if (!cache[key]) { cache[key] = table[word] ? decode(table[word]) : []; }
    return cache[key];
  }
  function prefixWords(term) {
    var lo = 0;
    var hi = words.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid] < term) { lo = mid + 1; } else { hi = mid; } }
    var out = [];
    for (var i = lo; i < words.length && words[i].lastIndexOf(term, 0) === 0 && out.length < 200; i++) { out.push(words[i]); }
    return out;
  }
  function terms(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}._-]+/u)
      .map(function (t) { return t.replace(/^[._-]+|[._-]+$/g, ''); })
      .filter(function (t) { return t.length >= 2; });
  }
  function search(query) {
    var ts = terms(query);
    if (ts.length === 0) { return []; }
    var scores = null;
    ts.forEach(function (term) {
      var found = {};
      prefixWords(term).forEach(function (w) {
        var exact = w === term ? 2 : 1;
        postings(index.words, w).forEach(function (d) { found[d] = Math.max(found[d] || 0, exact); });
        postings(index.titles, w).forEach(function (d) { found[d] = (found[d] || 0) + 10 * exact; });
      });
      if (scores === null) { scores = found; return; }
      var next = {};
      Object.keys(found).forEach(function (d) { if (scores[d] !== undefined) { next[d] = scores[d] + found[d]; } });
      scores = next;
    });
    return Object.keys(scores || {}).map(Number)
      .sort(function (a, b) { return scores[b] - scores[a] || a - b; })
      .slice(0, 50);
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function snippet(text, ts) {
    var lower = text.toLowerCase();
    var at = -1;
    ts.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    var start = Math.max(0, at - 60);
    var piece = (start > 0 ? '…' : '') + text.slice(start, start + 200) + (start + 200 < text.length ? '…' : '');
    var html = escapeHtml(piece);
    ts.forEach(function (t) {
      var re = new RegExp('(' + escapeHtml(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ')', 'gi');
      html = html.replace(re, '<mark>$1</mark>');
    });
    return html;
  }
  function show(query) {
    var ts = terms(query);
    var hits = search(query);
    list.innerHTML = '';
    hits.forEach(function (d) {
      var doc = index.docs[d];
      var li = document.createElement('li');
      li.innerHTML = '<a href="' + escapeHtml(doc[0]) + '">' + escapeHtml(doc[1]) + '</a> <span class="kind-label">' +
        escapeHtml(doc[2]) + '</span><p class="snippet">' + snippet(doc[3], ts) + '</p>';
      list.appendChild(li);
    });
    status.textContent = ts.length === 0 ? '' : (hits.length === 0 ? 'No results for “' + query + '”.' :
      hits.length + (hits.length === 1 ? ' result' : ' results') + ' for “' + query + '”.');
  }
  var params = new URLSearchParams(window.location.search);
  var initial = params.get('q') || '';
  input.value = initial;
  show(initial);
  input.focus();
  input.addEventListener('input', function () { show(input.value); });
  input.form.addEventListener('submit', function (e) { e.preventDefault(); show(input.value); });
  document.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var at = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') {
      if (links.length === 0) { return; }
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      if (at === 0) { input.focus(); } else { links[at - 1].focus(); }
    } else if (e.key === 'Escape') {
      input.focus();
    }
  });
}());
