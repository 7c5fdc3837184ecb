#!/usr/bin/env node
// Browser, accessibility and HTML-validity tests for the isms-site default theme.
//
// Builds the sample (and a small fixture with a custom framework) with the
// isms-site binary, then, in real headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core, no network):
//   - loads one page of every page type from file:// and over a local HTTP
//     server, failing on console errors, page errors, failed requests and CSP
//     violations;
//   - runs axe-core (WCAG 2.0/2.1 A and AA) in light and dark colour schemes,
//     failing on serious or critical violations;
//   - checks the skip link and that every Tab stop shows a focus outline;
//   - checks that no page scrolls sideways on a 390 px phone and that the
//     print stylesheet hides the navigation;
//   - searches for a word found only in one policy's body, checks the snippet
//     and opens the result with the keyboard;
//   - clicks links in the coverage and audit-programme matrices;
//   - checks every internal link and #fragment of both sites;
//   - when `isms-site serve` exists: loads every sample page type from it, then
//     edits a document on disk and waits for the open page to reload by itself;
// and validates every HTML page with the Nu Html Checker (vnu-jar, 0 errors).
//
// Usage: node run.mjs [--keep] [--only=GROUP,...]   groups: links vnu load axe layout keyboard
//        search matrix serve shots
// Env: ISMS_SITE_BIN (binary to use; default: `cargo build` then target/debug),
//      CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default: a temp dir).

import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { uxNav } from './ux_nav.mjs';
import { uxViews } from './ux_views.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const AS_OF = '2026-11-15';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = new Set(process.argv.slice(2));
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7).split(',').filter(Boolean);
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'isms-browser-'));
const SHOTS = process.env.SCREENSHOT_DIR || path.join(WORK, 'screenshots');
const AXE_SOURCE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const started = Date.now();
// Pages checked by axe a second time at phone width, where their tables scroll.
const PHONE_AXE = ['index.html', 'coverage.html', 'audit-programme.html', 'soa.html', 'timeline.html', 'audit-pack.html',
  'documents/POL-AC.html', 'metrics/KPI-TRAIN.html', 'risks/index.html', 'risks/treatment-plan.html', 'risks/R-01.html',
  'objectives/OBJ-01.html', 'context/index.html', 'incidents/index.html', 'incidents/INC-2026-03.html'];

// ---------------------------------------------------------------- results
const results = [];
function record(name, ok, details = []) {
  results.push({ name, ok, details });
  const mark = ok ? 'ok  ' : 'FAIL';
  console.log(`${mark} ${name}`);
  for (const d of details) { console.log(`       ${d}`); }
}
function note(text) { console.log(`     · ${text}`); }
function wanted(group) { return ONLY.length === 0 || ONLY.includes(group); }
async function timed(label, fn) {
  const t = Date.now();
  await fn();
  note(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------- build
function binary() {
  if (process.env.ISMS_SITE_BIN) { return process.env.ISMS_SITE_BIN; }
  const built = spawnSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
  if (built.status !== 0) { throw new Error('cargo build failed'); }
  const target = process.env.CARGO_TARGET_DIR || path.join(REPO, 'target');
  return path.join(target, 'debug', 'isms-site');
}

function buildSite(bin, src, out) {
  const run = spawnSync(bin, ['build', src, '--as-of', AS_OF, '-o', out], { cwd: REPO, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`isms-site build ${src} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return out;
}

function walk(dir, ext) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) { out.push(...walk(p, ext)); } else if (p.endsWith(ext)) { out.push(p); }
  }
  return out.sort();
}

/** One page per page type: fixed pages, each folder's index, and the largest record page of each folder. */
function pagesOf(site, label) {
  const pages = [];
  const fixed = [
    ['dashboard', 'index.html'], ['coverage matrix', 'coverage.html'], ['audit programme', 'audit-programme.html'],
    ['SoA', 'soa.html'], ['timeline', 'timeline.html'], ['search', 'search.html'], ['audit pack', 'audit-pack.html'],
    ['risk treatment plan', 'risks/treatment-plan.html'], ['next review pack', 'reviews/next.html'],
  ];
  for (const [type, rel] of fixed) {
    if (fs.existsSync(path.join(site, rel))) { pages.push({ type: `${label} ${type}`, rel }); }
  }
  const folders = walk(site, '.html').map((f) => path.dirname(path.relative(site, f))).filter((d) => d !== '.');
  for (const dir of [...new Set(folders)].sort()) {
    const files = fs.readdirSync(path.join(site, dir)).filter((f) => f.endsWith('.html'));
    if (files.includes('index.html')) { pages.push({ type: `${label} ${dir} index`, rel: `${dir}/index.html` }); }
    const records = files.filter((f) => f !== 'index.html' && !fixed.some(([, rel]) => rel === `${dir}/${f}`))
      .map((f) => ({ f, size: fs.statSync(path.join(site, dir, f)).size }))
      .sort((a, b) => b.size - a.size || a.f.localeCompare(b.f));
    if (records.length > 0) { pages.push({ type: `${label} ${dir} page`, rel: `${dir}/${records[0].f}` }); }
  }
  return pages.map((p) => ({ ...p, site }));
}

// ---------------------------------------------------------------- static server
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.pdf': 'application/pdf' };

function serveDir(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) { file = path.join(file, 'index.html'); }
    if (!fs.existsSync(file)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- browser helpers
async function launch() {
  const profile = fs.mkdtempSync(path.join(WORK, 'profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 900 },
  });
}

/** Watches a page for console errors, page errors, failed or 4xx/5xx requests and CSP violations. */
function watch(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') { problems.push(`console error: ${m.text()}`); } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure() && r.failure().errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) { problems.push(`HTTP ${r.status()}: ${r.url()}`); } });
  return problems;
}

const CSP_PROBE = `window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

async function cspViolations(page) {
  return page.evaluate(() => window.__csp || []).catch(() => []);
}

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's violations on the page; with `bestPractice`, its best-practice rules run too (reported, never failing). */
async function runAxe(page, bestPractice = false) {
  await page.evaluate(AXE_SOURCE);
  const tags = bestPractice ? [...WCAG, 'best-practice'] : WCAG;
  return page.evaluate(async ([values, wcag]) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, wcag: v.tags.some((t) => wcag.includes(t)),
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} :: ${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 220)}`),
      count: v.nodes.length }));
  }, [tags, WCAG]);
}

// ---------------------------------------------------------------- checks
async function checkLoads(ctx, pages, base, how) {
  for (const p of pages) {
    const page = await ctx.newPage();
    await page.addInitScript(CSP_PROBE);
    const problems = watch(page);
    const url = base(p);
    const res = await page.goto(url, { waitUntil: 'load' }).catch((e) => { problems.push(`navigation: ${e.message}`); return null; });
    if (res && !res.ok() && how === 'http') { problems.push(`status ${res.status()}`); }
    await page.waitForTimeout(50);
    for (const v of await cspViolations(page)) { problems.push(`CSP violation: ${v}`); }
    const h1 = await page.locator('h1').count();
    if (h1 !== 1) { problems.push(`expected one <h1>, found ${h1}`); }
    record(`loads cleanly (${how}): ${p.type} [${p.rel}]`, problems.length === 0, problems);
    await page.close();
  }
}

async function checkAxe(ctx, pages, base) {
  const minor = new Map();
  for (const scheme of ['light', 'dark']) {
    for (const p of pages) {
      const page = await ctx.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(base(p), { waitUntil: 'load' });
      const violations = await runAxe(page, scheme === 'light');
      const serious = violations.filter((v) => v.wcag && (v.impact === 'serious' || v.impact === 'critical'));
      for (const v of violations.filter((x) => !serious.includes(x))) {
        const key = `${v.id} (${v.wcag ? 'WCAG' : 'best practice'}, ${v.impact}): ${v.help}`;
        minor.set(key, [...(minor.get(key) || []), `${p.rel} ×${v.count} ${v.nodes[0] || ''}`]);
      }
      record(`axe WCAG 2.1 AA, ${scheme}: ${p.type} [${p.rel}]`, serious.length === 0,
        serious.flatMap((v) => [`${v.id} (${v.impact}, ${v.count} nodes): ${v.help}`, ...v.nodes.map((n) => `  ${n}`)]));
      await page.close();
    }
  }
  for (const [k, where] of minor) {
    note(`axe, reported but not failing: ${k}`);
    for (const w of where.slice(0, 6)) { console.log(`         ${w}`); }
  }
}

async function checkLayout(ctx, pages, base) {
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = [];
  for (const p of pages) {
    await page.goto(base(p), { waitUntil: 'load' });
    const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (w.scroll > w.view + 1) { wide.push(`${p.rel}: page is ${w.scroll}px wide on a ${w.view}px phone`); }
  }
  record('phone (390 px): no page scrolls sideways (wide tables scroll inside their frame)', wide.length === 0, wide);
  // Tables that scroll sideways on a phone must be reachable by keyboard: axe again at phone width.
  for (const p of pages.filter((x) => PHONE_AXE.includes(x.rel) && x.site === pages[0].site)) {
    await page.goto(base(p), { waitUntil: 'load' });
    const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    record(`axe WCAG 2.1 AA, phone: ${p.type} [${p.rel}]`, serious.length === 0,
      serious.flatMap((v) => [`${v.id} (${v.impact}, ${v.count} nodes): ${v.help}`, ...v.nodes.map((n) => `  ${n}`)]));
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: 'print' });
  const bad = [];
  for (const p of pages) {
    await page.goto(base(p), { waitUntil: 'load' });
    const shown = await page.evaluate(() => [...document.querySelectorAll('nav[aria-label="Main"], .site-search, .skip-link')]
      .filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.className || e.tagName));
    if (shown.length > 0) { bad.push(`${p.rel}: navigation chrome visible in print: ${shown.join(', ')}`); }
  }
  const pack = pages.find((p) => p.rel === 'audit-pack.html');
  if (pack) {
    await page.goto(base(pack), { waitUntil: 'load' });
    const breaks = await page.evaluate(() => [...document.querySelectorAll('.pack-section')]
      .filter((e) => getComputedStyle(e).breakBefore !== 'page').length);
    if (breaks > 0) { bad.push(`audit-pack.html: ${breaks} sections without a page break before them in print`); }
  }
  record('print: navigation hidden on every page type; audit-pack sections start on a new page', bad.length === 0, bad);
  await page.emulateMedia({ media: 'screen' });
  await page.close();
}

/** The skip link comes first, shows when focused and jumps to main; focused links and frames show an outline. */
async function checkKeyboard(ctx, base, how) {
  const problems = [];
  const page = await ctx.newPage();
  await page.goto(base({ rel: 'index.html' }), { waitUntil: 'load' });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return { cls: e.className, text: e.textContent, visible: r.left >= 0 && r.top >= 0 && r.width > 0, outline: getComputedStyle(e).outlineStyle };
  });
  if (first.cls !== 'skip-link') { problems.push(`first Tab focuses "${first.text}", not the skip link`); }
  if (!first.visible) { problems.push('the focused skip link is off screen'); }
  await page.keyboard.press('Enter');
  // The fragment navigation is asynchronous: give it a moment before reading the URL.
  await page.waitForURL(/#main$/, { timeout: 3000 }).catch(() => {});
  if (!page.url().endsWith('#main')) { problems.push(`Enter on the skip link went to ${page.url()}`); }
  // Tab through the page: every stop shows an outline; the stops include table frames.
  const kinds = new Set();
  let stops = 0;
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) { return null; }
      const cs = getComputedStyle(e);
      return { tag: e.tagName.toLowerCase(), cls: e.className, outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
    });
    if (!stop) { break; }
    stops += 1;
    kinds.add(stop.cls.includes('table-wrap') ? 'table frame' : stop.tag);
    if (!stop.outline) { problems.push(`Tab stop ${i + 1} (${stop.tag}.${stop.cls}) has no visible focus outline`); }
  }
  note(`keyboard: ${stops} Tab stops on the dashboard (${[...kinds].join(', ')})`);
  if (!kinds.has('table frame')) { problems.push(`no table frame among the Tab stops (${[...kinds].join(', ')})`); }
  record(`keyboard (${how}): skip link first, visible and working; focus outlines on links and table frames`, problems.length === 0, problems);
  await page.close();
}

/** A lowercase word that occurs in exactly one policy's body and nowhere else in the source. */
function uniqueBodyWord(src) {
  const all = walk(src, '').filter((f) => /\.(md|ya?ml)$/.test(f));
  const texts = all.map((f) => ({ f, text: fs.readFileSync(f, 'utf8') }));
  const lower = texts.map((t) => t.text.toLowerCase());
  const policies = texts.filter((t) => t.f.includes(`${path.sep}policies${path.sep}`) && t.f.endsWith('.md'));
  for (const pol of policies) {
    const m = pol.text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
    if (!m) { continue; }
    const id = (m[1].match(/^id:\s*(\S+)/m) || [])[1];
    const title = (m[1].match(/^title:\s*(.+)$/m) || [])[1];
    if (!id || !title) { continue; }
    const words = [...new Set(m[2].toLowerCase().match(/\b[a-z]{9,}\b/g) || [])].sort();
    for (const w of words) {
      const holders = lower.filter((t) => t.includes(w)).length;
      if (holders === 1 && !m[1].toLowerCase().includes(w)) {
        return { word: w, id, title: title.replace(/^["']|["']$/g, '').trim(), file: pol.f };
      }
    }
  }
  return null;
}

async function checkSearch(ctx, base, target, how) {
  const problems = [];
  const page = await ctx.newPage();
  const seen = watch(page);
  const href = `documents/${target.id}.html`;
  // From the search page: type the word, read the result and its snippet, open it with the keyboard.
  await page.goto(base({ rel: 'search.html' }), { waitUntil: 'load' });
  await page.locator('#search-query').click();
  await page.keyboard.type(target.word, { delay: 10 });
  const link = page.locator(`#search-results a[href="${href}"]`);
  try {
    await link.waitFor({ timeout: 5000 });
    const li = page.locator('#search-results li').filter({ has: page.locator(`a[href="${href}"]`) });
    const mark = (await li.locator('.snippet mark').allTextContents()).map((s) => s.toLowerCase());
    if (!mark.includes(target.word)) { problems.push(`snippet does not highlight "${target.word}": ${await li.innerText()}`); }
    const status = await page.locator('#search-status').innerText();
    if (!/result/.test(status)) { problems.push(`status line says "${status}"`); }
    let steps = 0;
    while (steps < 50) {
      await page.keyboard.press('ArrowDown');
      steps += 1;
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
      if (focused === href) { break; }
    }
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${href}`), { timeout: 5000 }), page.keyboard.press('Enter')]);
    const h1 = await page.locator('h1').innerText();
    if (!h1.includes(target.title)) { problems.push(`opened page's heading is "${h1}", expected "${target.title}"`); }
  } catch (e) {
    problems.push(`search for "${target.word}" did not list ${href}: ${e.message.split('\n')[0]}`);
  }
  // From the header search box on the dashboard.
  await page.goto(base({ rel: 'index.html' }), { waitUntil: 'load' });
  await page.locator('#site-search-q').fill(target.word);
  // The box loads the index on first use: wait for its instant results, so
  // that Enter does not abort that load (a failed request, and a race).
  await page.locator('#site-search-results').waitFor({ state: 'visible', timeout: 5000 })
    .catch((e) => problems.push(`header search box: no instant results: ${e.message.split('\n')[0]}`));
  await Promise.all([page.waitForURL(/search\.html\?q=/, { timeout: 5000 }), page.keyboard.press('Enter')]).catch((e) => problems.push(`header search: ${e.message}`));
  if (await page.locator(`#search-results a[href="${href}"]`).count() !== 1) { problems.push('header search box: result missing on search.html?q='); }
  problems.push(...seen);
  record(`search (${how}): "${target.word}" finds ${target.id} with a snippet; Enter on the focused result opens it`, problems.length === 0, problems);
  await page.close();
}

async function checkMatrixLinks(ctx, base, site, how) {
  const problems = [];
  const page = await ctx.newPage();
  const seen = watch(page);
  for (const rel of ['coverage.html', 'audit-programme.html']) {
    await page.goto(base({ rel, site }), { waitUntil: 'load' });
    const hrefs = await page.locator('table.matrix a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    if (hrefs.length === 0) { problems.push(`${rel}: no links in the matrix`); continue; }
    const picks = [...new Set(hrefs.filter((h) => !h.startsWith('#')))];
    // Click links of several kinds: the first, a document, a finding, an action, an audit, a clause, a control.
    const sample = [picks[0], ...['documents/', 'findings/', 'actions/', 'audits/', 'clauses/', 'controls/'].map((k) => picks.find((h) => h.startsWith(k)))]
      .filter(Boolean);
    for (const h of [...new Set(sample)]) {
      await page.goto(base({ rel, site }), { waitUntil: 'load' });
      await Promise.all([page.waitForURL((u) => u.href.endsWith(h.replace(/^(\.\.\/)+/, '')), { timeout: 5000 }),
        page.locator(`table.matrix a[href="${h}"]`).first().click()]).catch((e) => problems.push(`${rel}: clicking ${h}: ${e.message.split('\n')[0]}`));
      if (await page.locator('h1').count() !== 1) { problems.push(`${rel}: ${h} opened a page without a heading`); }
    }
    note(`${rel} (${how}): ${hrefs.length} matrix links, clicked ${new Set(sample).size}`);
  }
  problems.push(...seen);
  record(`matrix links (${how}): cells and row headers open their records`, problems.length === 0, problems);
  await page.close();
}

/** Every internal href/src of every page points to an existing file, and every #fragment to an id there. */
function checkInternalLinks(site, label) {
  const files = walk(site, '.html');
  const ids = new Map();
  const idsOf = (f) => {
    if (!ids.has(f)) { ids.set(f, new Set([...fs.readFileSync(f, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))); }
    return ids.get(f);
  };
  const broken = [];
  let count = 0;
  for (const f of files) {
    const html = fs.readFileSync(f, 'utf8');
    const dupes = [...idsOf(f)].length !== [...html.matchAll(/\sid="([^"]+)"/g)].length;
    if (dupes) { broken.push(`${path.relative(site, f)}: duplicate ids`); }
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const raw = m[1].replace(/&amp;/g, '&');
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) { continue; }
      count += 1;
      const [pathPart, frag] = raw.split('#');
      const clean = pathPart.split('?')[0];
      const target = clean === '' ? f : path.resolve(path.dirname(f), decodeURIComponent(clean));
      if (!target.startsWith(site)) { broken.push(`${path.relative(site, f)}: ${raw} leaves the site`); continue; }
      if (!fs.existsSync(target)) { broken.push(`${path.relative(site, f)}: ${raw} (missing file)`); continue; }
      if (frag && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(frag))) {
        broken.push(`${path.relative(site, f)}: ${raw} (no id "${frag}")`);
      }
    }
  }
  record(`internal links (${label}): ${count} links in ${files.length} pages resolve, fragments included; ids unique`,
    broken.length === 0, broken.slice(0, 30).concat(broken.length > 30 ? [`... and ${broken.length - 30} more`] : []));
}

/** The risk register sorts by a column when its header button is pressed (sort.js), and reads the same without. */
async function checkRegisterSort(ctx, base, site) {
  const problems = [];
  const page = await ctx.newPage();
  const seen = watch(page);
  await page.goto(base({ rel: 'risks/index.html', site }), { waitUntil: 'load' });
  const col = (n) => page.locator('[data-sortable] tbody tr').evaluateAll((rows, i) => rows.map((r) => r.cells[i].textContent.trim()), n);
  const before = await col(0);
  const button = page.locator('[data-sortable] thead th button', { hasText: 'Residual' });
  if (await button.count() !== 1) { problems.push('no sort button on the Residual column'); } else {
    await button.click();
    const up = (await col(4)).map(Number);
    if (up.some((v, i) => i > 0 && v < up[i - 1])) { problems.push(`ascending sort out of order: ${up}`); }
    if (await page.locator('[data-sortable] thead th[aria-sort=ascending]').count() !== 1) { problems.push('aria-sort not set'); }
    await button.click();
    const down = (await col(4)).map(Number);
    if (down.some((v, i) => i > 0 && v > down[i - 1])) { problems.push(`descending sort out of order: ${down}`); }
    if ((await col(0)).length !== before.length) { problems.push('rows lost while sorting'); }
  }
  problems.push(...seen);
  record('risk register: columns sort with the keyboard-reachable header buttons', problems.length === 0, problems);
  await page.close();
}

async function checkVnu(sites) {
  const t0 = Date.now();
  const files = sites.flatMap((s) => walk(s, '.html'));
  const css = sites.map((s) => path.join(s, 'static', 'style.css')).slice(0, 1);
  const run = await new Promise((resolve) => {
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', '--also-check-css', ...files, ...css]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => resolve({ status: -1, stdout, stderr: `${stderr}${e.message}` }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  let messages;
  try {
    messages = JSON.parse(run.stdout).messages;
  } catch (e) {
    record('vnu: the Nu Html Checker ran', false, [`could not parse its output (${run.status}): ${(run.stderr || run.stdout).slice(0, 500)}`]);
    return;
  }
  const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const byFile = new Map();
  for (const e of errors) {
    const key = e.url ? e.url.replace('file:', '') : '?';
    byFile.set(key, [...(byFile.get(key) || []), `line ${e.lastLine}: ${e.message}${e.extract ? ` [${e.extract.replace(/\s+/g, ' ').slice(0, 120)}]` : ''}`]);
  }
  const details = [];
  for (const [f, list] of byFile) { details.push(`${f}: ${list.length} errors`, ...list.slice(0, 5).map((l) => `  ${l}`)); }
  record(`vnu (Nu Html Checker): ${files.length} pages and style.css, 0 errors (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    errors.length === 0, details.slice(0, 80));
}

async function screenshots(ctx, base) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const shots = [];
  for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      const page = await ctx.newPage();
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      for (const rel of ['index.html', 'coverage.html', 'audit-pack.html', 'timeline.html']) {
        await page.goto(base({ rel }), { waitUntil: 'load' });
        if (rel === 'coverage.html') { await page.evaluate(() => document.getElementById('matrix').scrollIntoView()); }
        const file = path.join(SHOTS, `${rel.replace('.html', '')}-${name}-${scheme}.png`);
        await page.screenshot({ path: file });
        shots.push(file);
      }
      await page.close();
    }
  }
  const page = await ctx.newPage();
  await page.goto(base({ rel: 'index.html' }), { waitUntil: 'load' });
  await page.screenshot({ path: path.join(SHOTS, 'index-desktop-light-full.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  for (const rel of ['audit-pack.html', 'timeline.html', 'coverage.html']) {
    await page.goto(base({ rel }), { waitUntil: 'load' });
    const file = path.join(SHOTS, `${rel.replace('.html', '')}-print.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  }
  // The audit pack as the PDF an auditor would save.
  await page.goto(base({ rel: 'audit-pack.html' }), { waitUntil: 'load' });
  const pdf = await page.pdf({ path: path.join(SHOTS, 'audit-pack.pdf'), format: 'A4', printBackground: false });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  await page.close();
  note(`screenshots: ${shots.length + 1} PNGs and audit-pack.pdf (${pages} A4 pages, ${pdf.length} bytes) in ${SHOTS}`);
}

// ---------------------------------------------------------------- serve live reload
function serveAvailable(bin) {
  const r = spawnSync(bin, ['serve', '--help'], { encoding: 'utf8' });
  return r.status === 0;
}

async function freePort() {
  const s = http.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function checkServe(ctx, bin, target, pages) {
  const problems = [];
  const src = path.join(WORK, 'serve-src');
  fs.cpSync(path.join(REPO, 'sample-isms'), src, { recursive: true, filter: (p) => !p.includes(`${path.sep}public`) });
  const port = await freePort();
  const child = spawn(bin, ['serve', src, '--port', String(port), '--bind', '127.0.0.1'],
    { env: { ...process.env, SOURCE_DATE_EPOCH: String(Date.parse(AS_OF) / 1000) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}/`;
  try {
    let up = false;
    for (let i = 0; i < 300 && !up; i += 1) {
      up = await fetch(`${base}index.html`).then((r) => r.ok).catch(() => false);
      if (!up) { await new Promise((r) => setTimeout(r, 200)); }
    }
    if (!up) { throw new Error(`serve did not answer on ${base} within 60 s`); }
    // Every page type, as served (with the live-reload script), loads cleanly too.
    await checkLoads(ctx, pages, (p) => `${base}${p.rel}`, 'serve');
    const page = await ctx.newPage();
    const seen = watch(page);
    await page.goto(`${base}documents/${target.id}.html`, { waitUntil: 'load' });
    const before = await page.locator('h1').innerText();
    await page.evaluate(() => { window.__notReloaded = true; });
    const file = path.join(src, path.relative(path.join(REPO, 'sample-isms'), target.file));
    const text = fs.readFileSync(file, 'utf8');
    const edited = `${target.title} (edited live)`;
    const next = text.replace(/^title:.*$/m, `title: ${edited}`);
    if (next === text) { throw new Error(`no title line in ${file}`); }
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(file, next);
    await page.waitForFunction((t) => {
      const h = document.querySelector('h1');
      return h && h.textContent.includes(t);
    }, edited, { timeout: 20000 });
    const reloaded = await page.evaluate(() => window.__notReloaded !== true);
    if (!reloaded) { problems.push('the heading changed but the page did not reload'); }
    problems.push(...seen.filter((s) => !/EventSource|ERR_ABORTED|net::ERR_INCOMPLETE_CHUNKED_ENCODING/.test(s)));
    note(`serve: "${before}" became "${await page.locator('h1').innerText()}"`);
    await page.close();
  } catch (e) {
    problems.push(e.message.split('\n')[0], ...log.split('\n').slice(-10));
  } finally {
    child.kill('SIGTERM');
  }
  record('serve: after an edit on disk the open page reloads by itself and shows the new title', problems.length === 0, problems);
}

// ---------------------------------------------------------------- main
async function main() {
  const bin = binary();
  const sample = buildSite(bin, path.join(REPO, 'sample-isms'), path.join(WORK, 'sample'));
  const fixture = buildSite(bin, path.join(REPO, 'tests', 'fixtures', 'coverage'), path.join(WORK, 'fixture'));
  const index = fs.statSync(path.join(sample, 'search-index.js')).size;
  note(`sample built in ${WORK}; search-index.js is ${index} bytes for ${walk(sample, '.html').length} pages`);

  const pages = pagesOf(sample, 'sample');
  const extra = pagesOf(fixture, 'fixture').filter((p) => p.rel.startsWith('frameworks/') || /(metrics|reviews)\/index\.html$/.test(p.rel));
  const all = [...pages, ...extra];
  note(`page types: ${all.length} (${all.map((p) => p.rel).join(', ')})`);

  if (wanted('links')) {
    await timed('internal links', async () => {
      checkInternalLinks(sample, 'sample');
      checkInternalLinks(fixture, 'fixture');
    });
  }
  // The checker runs in its own JVM while the browser tests go on.
  const vnu = wanted('vnu') ? checkVnu([sample, fixture]) : Promise.resolve();

  const servers = new Map();
  for (const site of [sample, fixture]) { servers.set(site, await serveDir(site)); }
  const fileUrl = (p) => pathToFileURL(path.join(p.site || sample, p.rel)).href;
  const httpUrl = (p) => `http://127.0.0.1:${servers.get(p.site || sample).address().port}/${p.rel}`;

  const ctx = await launch();
  try {
    if (wanted('load')) {
      await timed('loads from file://', () => checkLoads(ctx, all, fileUrl, 'file'));
      await timed('loads over http', () => checkLoads(ctx, all, httpUrl, 'http'));
    }
    if (wanted('axe')) { await timed('axe', () => checkAxe(ctx, all, httpUrl)); }
    if (wanted('layout')) { await timed('phone and print layout', () => checkLayout(ctx, all, httpUrl)); }
    if (wanted('keyboard')) { await timed('keyboard', () => checkKeyboard(ctx, fileUrl, 'file')); }
    const target = uniqueBodyWord(path.join(REPO, 'sample-isms'));
    if (wanted('search')) {
      if (!target) { record('search: found a word that occurs in only one policy body', false); } else {
        await timed('search', async () => {
          await checkSearch(ctx, fileUrl, target, 'file');
          await checkSearch(ctx, httpUrl, target, 'http');
        });
      }
    }
    if (wanted('matrix')) {
      await timed('matrix links', async () => {
        await checkMatrixLinks(ctx, fileUrl, sample, 'file');
        await checkMatrixLinks(ctx, httpUrl, sample, 'http');
        await checkRegisterSort(ctx, httpUrl, sample);
      });
    }
    if (wanted('serve')) {
      if (serveAvailable(bin) && target) { await timed('serve', () => checkServe(ctx, bin, target, pages)); } else {
        note('skipped: live reload under `serve` (`isms-site serve --help` fails: serve not built yet)');
      }
    }
    if (wanted('ux')) { await timed('ux: wayfinding', () => uxNav({ ctx, bin, sample, fileUrl, httpUrl, record, note, watch, runAxe, CSP_PROBE, cspViolations, REPO, WORK, AS_OF, CHROMIUM })); }
    if (wanted('views')) { await timed('views (issue 21)', () => uxViews({ ctx, sample, bin, work: WORK, record })); }
    if (wanted('shots')) { await timed('screenshots', () => screenshots(ctx, httpUrl)); }
  } finally {
    await ctx.close();
    for (const s of servers.values()) { s.close(); }
  }
  await vnu;

  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  for (const f of failed) { console.log(`  failed: ${f.name}`); }
  if (!ARGS.has('--keep') && !process.env.SCREENSHOT_DIR) { note(`screenshots kept in ${SHOTS}`); }
  if (!ARGS.has('--keep')) {
    for (const d of ['sample', 'fixture', 'serve-src']) { fs.rmSync(path.join(WORK, d), { recursive: true, force: true }); }
    for (const d of fs.readdirSync(WORK).filter((n) => n.startsWith('profile-'))) { fs.rmSync(path.join(WORK, d), { recursive: true, force: true }); }
  }
  process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
