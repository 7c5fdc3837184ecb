// Client-side search over window.ISMS_SEARCH (search-index.js, a script so it
// works from file:// and offline). Query words are stemmed as the index's
// words are (see `stem`) and match word prefixes; all must match.
//
// On every page: the header box shows instant results in a dropdown (the
// index is loaded on first use), and `/` focuses it. On search.html: the full
// result list, with the query kept in the address (`?q=`) so it can be shared.
(function () {
  'use strict';
  if (window.__ismsSearch) { return; }
  window.__ismsSearch = true;

  // ------------------------------------------------------------ the engine
  // Keep in step with `stem` in src/render/text.rs (tests/fixtures/search/stems.json).
  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) { return word; }
    var end = word.length;
    var ends = function (s) { return word.slice(0, end).slice(-s.length) === s; };
    var vowel = function (s) { return /[aeiouy]/.test(s); };
    if (ends('sses')) { end -= 2; } else if (ends('ies')) { if (end - 3 >= 3) { end -= 3; } } else if (ends('ss') || ends('us') || ends('is')) {
      // kept
    } else if (ends('s')) { end -= 1; } else if (ends('ing') && end - 3 >= 3 && vowel(word.slice(0, end - 3))) { end -= 3; } else if (ends('ed') && end - 2 >= 3 && vowel(word.slice(0, end - 2))) { end -= 2; }
    if (end >= 4 && /[ey]/.test(word[end - 1])) { end -= 1; }
    if (end >= 4 && word[end - 1] === word[end - 2] && 'lszaeiouy'.indexOf(word[end - 1]) < 0) { end -= 1; }
    return word.slice(0, end);
  }
  window.ismsStem = stem;

  function Engine(index) {
    this.index = index;
    this.words = Object.keys(index.words).sort();
    this.cache = {};
  }
  function decode(text) {
    var out = [];
    var prev = 0;
    text.split(',').forEach(function (part) { prev += parseInt(part, 36); out.push(prev); });
    return out;
  }
  Engine.prototype.postings = function (table, word) {
    var key = (table === this.index.titles ? 't:' : 'w:') + word;
    if (!this.cache[key]) { this.cache[key] = table[word] ? decode(table[word]) : []; }
    return this.cache[key];
  };
  Engine.prototype.prefixWords = function (term) {
    var words = this.words;
    var lo = 0;
    var hi = words.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid] < term) { lo = mid + 1; } else { hi = mid; } }
    var out = [];
    for (var i = lo; i < words.length && words[i].lastIndexOf(term, 0) === 0 && out.length < 200; i++) { out.push(words[i]); }
    return out;
  };
  function terms(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}._-]+/u)
      .map(function (t) { return t.replace(/^[._-]+|[._-]+$/g, ''); })
      .filter(function (t) { return t.length >= 2; })
      .map(stem);
  }
  Engine.prototype.search = function (query, limit) {
    var self = this;
    var ts = terms(query);
    if (ts.length === 0) { return []; }
    var scores = null;
    ts.forEach(function (term) {
      var found = {};
      self.prefixWords(term).forEach(function (w) {
        var exact = w === term ? 2 : 1;
        self.postings(self.index.words, w).forEach(function (d) { found[d] = Math.max(found[d] || 0, exact); });
        self.postings(self.index.titles, w).forEach(function (d) { found[d] = (found[d] || 0) + 10 * exact; });
      });
      if (scores === null) { scores = found; return; }
      var next = {};
      Object.keys(found).forEach(function (d) { if (scores[d] !== undefined) { next[d] = scores[d] + found[d]; } });
      scores = next;
    });
    return Object.keys(scores || {}).map(Number)
      .sort(function (a, b) { return scores[b] - scores[a] || a - b; })
      .slice(0, limit);
  };
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function snippet(text, ts) {
    var lower = text.toLowerCase();
    var at = -1;
    ts.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    var start = Math.max(0, at - 60);
    var piece = (start > 0 ? '…' : '') + text.slice(start, start + 200) + (start + 200 < text.length ? '…' : '');
    var html = escapeHtml(piece);
    ts.forEach(function (t) {
      // The whole word the stem starts: "backup" marks "backups".
      var re = new RegExp('(' + escapeHtml(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '[\\p{L}\\p{N}]*)', 'giu');
      html = html.replace(re, '<mark>$1</mark>');
    });
    return html;
  }
  /** "Kind · Status · Date" of result `doc`, as HTML. */
  function meta(doc) {
    return [doc[2], doc[4], doc[5]].filter(function (x) { return x; }).map(escapeHtml).join(' · ');
  }

  // The index: already on the page (search.html), or loaded once from `url`.
  var engine = null;
  var waiting = [];
  function withEngine(url, then) {
    if (!engine && window.ISMS_SEARCH) { engine = new Engine(window.ISMS_SEARCH); }
    if (engine) { then(engine); return; }
    waiting.push(then);
    if (waiting.length > 1) { return; }
    var script = document.createElement('script');
    script.src = url;
    script.onload = function () {
      if (window.ISMS_SEARCH) { engine = new Engine(window.ISMS_SEARCH); }
      var run = waiting;
      waiting = [];
      if (engine) { run.forEach(function (f) { f(engine); }); }
    };
    script.onerror = function () { waiting = []; };
    document.head.appendChild(script);
  }

  // Arrow keys move between `input` and the links of `box`; Escape returns.
  function arrowKeys(e, input, links) {
    var at = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') {
      if (links.length === 0) { return false; }
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
      return true;
    }
    if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      if (at === 0) { input.focus(); } else { links[at - 1].focus(); }
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------ the header box
  var header = document.getElementById('site-search-q');
  var form = header && header.form;
  var indexUrl = form ? new URL('search-index.js', form.action).href : 'search-index.js';
  var pageInput = document.getElementById('search-query');
  if (header && form) {
    var drop = document.createElement('div');
    drop.className = 'search-dropdown';
    drop.id = 'site-search-results';
    drop.hidden = true;
    form.appendChild(drop);
    var said = document.createElement('p');
    said.className = 'visually-hidden';
    said.setAttribute('role', 'status');
    form.appendChild(said);
    header.setAttribute('aria-controls', drop.id);
    var close = function () { drop.hidden = true; };
    var render = function () {
      var query = header.value;
      if (terms(query).length === 0) { drop.innerHTML = ''; close(); said.textContent = ''; return; }
      withEngine(indexUrl, function (en) {
        if (header.value !== query) { return; }
        var hits = en.search(query, 50);
        var shown = hits.slice(0, 8);
        var all = new URL('search.html', form.action);
        all.searchParams.set('q', query);
        var html = shown.length === 0 ? '<p class="none">No results for “' + escapeHtml(query) + '”.</p>' : '<ol>' + shown.map(function (d) {
          var doc = en.index.docs[d];
          return '<li><a href="' + escapeHtml(new URL(doc[0], indexUrl).href) + '">' + escapeHtml(doc[1]) +
            '<span class="search-meta">' + meta(doc) + '</span></a></li>';
        }).join('') + '</ol>';
        if (hits.length > 0) {
          html += '<p class="more"><a href="' + escapeHtml(all.href) + '">' + (hits.length > shown.length ? 'All ' + (hits.length >= 50 ? '50+' : hits.length) + ' results' : 'Open on the search page') + '</a></p>';
        }
        drop.innerHTML = html;
        drop.hidden = false;
        said.textContent = hits.length === 0 ? 'No results.' : hits.length + (hits.length === 1 ? ' result.' : ' results.') + ' Arrow down to choose.';
      });
    };
    header.addEventListener('input', render);
    header.addEventListener('focus', function () { if (header.value) { render(); } else { withEngine(indexUrl, function () {}); } });
    form.addEventListener('keydown', function (e) {
      if (drop.hidden) { return; }
      if (e.key === 'Escape') { close(); header.focus(); return; }
      arrowKeys(e, header, Array.prototype.slice.call(drop.querySelectorAll('a')));
    });
    document.addEventListener('click', function (e) { if (!form.contains(e.target)) { close(); } });
    form.addEventListener('focusout', function (e) { if (e.relatedTarget && !form.contains(e.relatedTarget)) { close(); } });
  }

  // `/` focuses the search box (the page's own on search.html).
  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) { return; }
    var box = pageInput || header;
    if (!box) { return; }
    e.preventDefault();
    box.focus();
    box.select();
  });

  // ------------------------------------------------------------ search.html
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!pageInput || !list) { return; }
  function show(query) {
    var ts = terms(query);
    withEngine(indexUrl, function (en) {
      var hits = en.search(query, 50);
      list.innerHTML = '';
      hits.forEach(function (d) {
        var doc = en.index.docs[d];
        var li = document.createElement('li');
        li.innerHTML = '<a href="' + escapeHtml(doc[0]) + '">' + escapeHtml(doc[1]) + '</a> <span class="kind-label">' +
          meta(doc) + '</span><p class="snippet">' + snippet(doc[3], ts) + '</p>';
        list.appendChild(li);
      });
      status.textContent = ts.length === 0 ? '' : (hits.length === 0 ? 'No results for “' + query + '”.' :
        hits.length + (hits.length === 1 ? ' result' : ' results') + ' for “' + query + '”.');
    });
  }
  // The query in the address, so the list can be shared or bookmarked.
  function keep(query) {
    try {
      var url = new URL(window.location.href);
      if (query) { url.searchParams.set('q', query); } else { url.searchParams.delete('q'); }
      window.history.replaceState(null, '', url.href);
    } catch (e) { /* some file:// setups refuse: the list still shows */ }
  }
  var initial = new URLSearchParams(window.location.search).get('q') || '';
  pageInput.value = initial;
  show(initial);
  pageInput.focus();
  pageInput.addEventListener('input', function () { show(pageInput.value); keep(pageInput.value); });
  pageInput.form.addEventListener('submit', function (e) { e.preventDefault(); show(pageInput.value); keep(pageInput.value); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && list.contains(document.activeElement)) { pageInput.focus(); return; }
    if (form && form.contains(document.activeElement)) { return; }
    arrowKeys(e, pageInput, Array.prototype.slice.call(list.querySelectorAll('a')));
  });
}());
