// Browser checks of the writer's and auditor's wayfinding (issue 21, items 1, 4, 7, 8, 9):
//   - serve's error overlay: visible at the top of the viewport on a broken save, with
//     file:line, the source line and the hint, zero console errors or CSP violations, gone
//     after the fix;
//   - navigation menus in one row at 1280 px, the Menu button at 390 px working without
//     JavaScript (keyboard only), axe clean with the menu open; breadcrumbs on every record
//     page type; the contents list and heading permalinks of a long document;
//   - the theme toggle: remembered across pages, set before the first paint, no inline script;
//   - search: instant results under the header box (file:// too) with kind, status and date,
//     `/` focuses the box, `?q=` kept on search.html, "backups" finds "backup", and
//     static/search.js stems as src/render/text.rs does (tests/fixtures/search/stems.json);
//   - print: @page margins and the running footer apply; the audit pack prints to PDF.
// Called from run.mjs (group `ux`) with its helpers.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import zlib from 'node:zlib';

async function freePort() {
  const s = http.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** The record pages of the sample, one per kind, plus a clause and a control. */
function recordPages(sample) {
  const out = [];
  for (const dir of ['documents', 'audits', 'findings', 'actions', 'reviews', 'metrics', 'risks', 'clauses', 'controls']) {
    const folder = path.join(sample, dir);
    if (!fs.existsSync(folder)) { continue; }
    const first = fs.readdirSync(folder).filter((f) => f.endsWith('.html') && f !== 'index.html' && !f.startsWith('page-') && f !== 'treatment-plan.html').sort()[0];
    if (first) { out.push(`${dir}/${first}`); }
  }
  return out;
}

async function checkOverlay(t) {
  const { ctx, bin, REPO, WORK, AS_OF, record, watch, CSP_PROBE, cspViolations } = t;
  const problems = [];
  const src = path.join(WORK, 'ux-serve-src');
  fs.cpSync(path.join(REPO, 'sample-isms'), src, { recursive: true, filter: (p) => !p.includes(`${path.sep}public`) });
  const file = path.join(src, 'policies', 'governance', 'legal-and-privacy.md');
  const good = fs.readFileSync(file, 'utf8');
  const id = good.match(/^id:\s*(\S+)/m)[1];
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
    if (!up) { throw new Error(`serve did not answer on ${base}`); }
    const page = await ctx.newPage();
    await page.addInitScript(CSP_PROBE);
    const seen = watch(page);
    await page.goto(`${base}documents/${id}.html`, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(file, good.replace(/^status: approved$/m, 'status: aproved'));
    await page.waitForSelector('#isms-serve-problems', { state: 'visible', timeout: 20000 });
    await page.waitForTimeout(200);
    const box = await page.evaluate(() => {
      const e = document.getElementById('isms-serve-problems');
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height,
        vw: window.innerWidth, vh: window.innerHeight, position: cs.position, bg: cs.backgroundColor, text: e.innerText,
        onTop: document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(10, r.height / 2)) !== null
          && e.contains(document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(10, r.height / 2))) };
    });
    if (box.position !== 'fixed') { problems.push(`overlay position is ${box.position}, not fixed (stylesheet not applied?)`); }
    if (!(box.top >= 0 && box.left >= 0 && box.bottom <= box.vh && box.right <= box.vw + 1 && box.width > 0 && box.height > 20)) {
      problems.push(`overlay not inside the viewport: ${JSON.stringify(box)}`);
    }
    if (box.top > 1) { problems.push(`overlay not at the top of the viewport (top ${box.top})`); }
    if (!box.onTop) { problems.push('overlay is covered by the page'); }
    for (const want of ['policies/governance/legal-and-privacy.md:7', 'status: aproved', 'did you mean `approved`']) {
      if (!box.text.includes(want)) { problems.push(`overlay lacks "${want}": ${box.text.slice(0, 300)}`); }
    }
    for (const v of await cspViolations(page)) { problems.push(`CSP violation: ${v}`); }
    // Fix the file: the page reloads without the overlay.
    fs.writeFileSync(file, good);
    await page.waitForFunction(() => !document.getElementById('isms-serve-problems'), null, { timeout: 20000 })
      .catch(() => problems.push('the overlay stayed after the fix'));
    for (const v of await cspViolations(page)) { problems.push(`CSP violation after the fix: ${v}`); }
    // Issue 21 item 2 in the browser: a corrective action whose YAML does not
    // parse, cited by audits, reviews, risks and an objective, is one problem
    // in the overlay: no cascade of unknown references.
    const action = path.join(src, 'actions', '2024', 'CA-2024-003.yaml');
    const actionGood = fs.readFileSync(action, 'utf8');
    fs.writeFileSync(action, actionGood.replace(/^status: (\w+)$/m, 'status: [$1'));
    await page.waitForSelector('#isms-serve-problems', { state: 'visible', timeout: 20000 })
      .catch(() => problems.push('no overlay for a broken action file'));
    const listed = await page.evaluate(() => {
      const e = document.getElementById('isms-serve-problems');
      return e ? { title: e.querySelector('.isms-serve-title').innerText,
        items: [...e.querySelectorAll('pre.isms-problem')].map((p) => p.innerText.split('\n')[0]) } : null;
    });
    if (listed) {
      const errors = listed.items.filter((x) => x.startsWith('error'));
      if (errors.length !== 1 || !/yaml-syntax/.test(errors[0] || '')) {
        problems.push(`a broken action file should be one yaml-syntax error, got: ${JSON.stringify(listed.items)}`);
      }
      if (listed.items.some((x) => /unknown-reference|broken-link/.test(x))) {
        problems.push(`cascade in the overlay: ${JSON.stringify(listed.items)}`);
      }
    }
    fs.writeFileSync(action, actionGood);
    await page.waitForFunction(() => !document.getElementById('isms-serve-problems'), null, { timeout: 20000 })
      .catch(() => problems.push('the overlay stayed after fixing the action'));
    problems.push(...seen.filter((s) => !/EventSource|ERR_ABORTED|net::ERR_INCOMPLETE_CHUNKED_ENCODING/.test(s)));
    await page.close();
  } catch (e) {
    problems.push(e.message.split('\n')[0], ...log.split('\n').slice(-8));
  } finally {
    child.kill('SIGTERM');
    setTimeout(() => fs.rmSync(src, { recursive: true, force: true }), 500);
  }
  record('serve overlay: a broken save shows the problem (file:line, source line, hint) fixed at the top of the viewport, no console errors or CSP violations; the fix removes it; a broken record file cited elsewhere is one problem, no cascade', problems.length === 0, problems);
}

async function checkNav(t) {
  const { ctx, sample, fileUrl, httpUrl, record, watch, runAxe, WORK, CHROMIUM } = t;
  const problems = [];
  const page = await ctx.newPage();
  const seen = watch(page);
  // One row at 1280 px, groups as menus, the current group marked.
  const finding = recordPages(sample).find((r) => r.startsWith('findings/'));
  await page.goto(httpUrl({ rel: finding }), { waitUntil: 'load' });
  const nav = await page.evaluate(() => {
    const items = [...document.querySelectorAll('nav[aria-label="Main"] > ul > li')];
    const boxes = items.map((li) => li.getBoundingClientRect());
    // One row: every entry overlaps the first one vertically.
    const rows = boxes.filter((r) => r.top >= boxes[0].bottom || r.bottom <= boxes[0].top).length + 1;
    return { rows, count: items.length,
      current: [...document.querySelectorAll('nav[aria-label="Main"] summary.current')].map((s) => s.textContent),
      visibleLinks: [...document.querySelectorAll('nav[aria-label="Main"] a')].filter((a) => a.getClientRects().length > 0).length };
  });
  if (nav.rows !== 1) { problems.push(`1280 px: the top-level navigation wraps to a second row`); }
  if (nav.count > 8) { problems.push(`1280 px: ${nav.count} top-level entries, expected grouped menus`); }
  if (nav.current.join() !== 'Records') { problems.push(`on ${finding} the current menu is "${nav.current.join()}", not Records`); }
  await page.locator('nav[aria-label="Main"] summary', { hasText: 'Coverage' }).click();
  const open = await page.locator('nav[aria-label="Main"] a', { hasText: 'Statement of Applicability' }).isVisible();
  if (!open) { problems.push('the Coverage menu does not open'); }
  await page.keyboard.press('Escape');
  if (await page.locator('nav[aria-label="Main"] a', { hasText: 'Statement of Applicability' }).isVisible()) { problems.push('Escape does not close the menu'); }
  // Phone, menu open: axe clean.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(httpUrl({ rel: 'index.html' }), { waitUntil: 'load' });
  if (await page.locator('nav[aria-label="Main"]').isVisible()) { problems.push('390 px: the navigation shows before the Menu button is pressed'); }
  await page.locator('label.nav-toggle-label').click();
  await page.locator('nav[aria-label="Main"] summary', { hasText: 'Records' }).click();
  const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) { problems.push(`axe, phone, menu open: ${v.id} (${v.impact}): ${v.help} ${v.nodes[0] || ''}`); }
  const header = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
  await page.close();

  // Without JavaScript, by keyboard only, at 390 px: the Menu button opens the navigation.
  const profile = fs.mkdtempSync(path.join(WORK, 'profile-nojs-'));
  const nojs = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, javaScriptEnabled: false, viewport: { width: 390, height: 844 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const p = await nojs.newPage();
    await p.goto(fileUrl({ rel: 'index.html' }), { waitUntil: 'load' });
    let reached = false;
    for (let i = 0; i < 12 && !reached; i += 1) {
      await p.keyboard.press('Tab');
      reached = await p.evaluate(() => document.activeElement && document.activeElement.id === 'nav-toggle');
    }
    if (!reached) { problems.push('no JS: Tab never reaches the Menu button'); } else {
      const ring = await p.evaluate(() => getComputedStyle(document.querySelector('.nav-toggle-label')).outlineStyle);
      if (ring === 'none') { problems.push('no JS: the focused Menu button shows no outline'); }
      await p.keyboard.press('Space');
      if (!(await p.locator('nav[aria-label="Main"]').isVisible())) { problems.push('no JS: Space on the Menu button does not show the navigation'); }
      await p.keyboard.press('Tab'); // Dashboard
      await p.keyboard.press('Tab'); // Documents
      await p.keyboard.press('Tab'); // Records
      await p.keyboard.press('Enter');
      const audits = p.locator('nav[aria-label="Main"] a', { hasText: 'Audits' });
      if (!(await audits.isVisible())) { problems.push('no JS: Enter on the Records menu does not open it'); } else {
        await Promise.all([p.waitForURL(/audits\/index\.html$/, { timeout: 5000 }), audits.click()])
          .catch((e) => problems.push(`no JS: the Audits link: ${e.message.split('\n')[0]}`));
      }
    }
  } finally {
    await nojs.close();
  }
  problems.push(...seen);
  record(`navigation: grouped menus in one row at 1280 px; at 390 px a Menu button that works without JavaScript by keyboard; axe clean with it open (header ${Math.round(header)} px)`, problems.length === 0, problems);
}

async function checkRecordPages(t) {
  const { ctx, sample, httpUrl, record, watch } = t;
  const problems = [];
  const page = await ctx.newPage();
  const seen = watch(page);
  for (const rel of recordPages(sample)) {
    await page.goto(httpUrl({ rel }), { waitUntil: 'load' });
    const crumbs = await page.evaluate(() => {
      const nav = document.querySelector('nav.breadcrumbs[aria-label="Breadcrumb"]');
      if (!nav) { return null; }
      return { links: [...nav.querySelectorAll('a')].map((a) => a.getAttribute('href')), current: (nav.querySelector('[aria-current="page"]') || {}).textContent };
    });
    if (!crumbs) { problems.push(`${rel}: no breadcrumbs`); continue; }
    const folder = rel.split('/')[0];
    if (!crumbs.links[0].endsWith('index.html') || !crumbs.links.some((h) => h === `../${folder}/index.html`)) {
      problems.push(`${rel}: breadcrumbs ${crumbs.links.join(' > ')} miss the dashboard or the ${folder} index`);
    }
    if (!crumbs.current || !rel.includes(crumbs.current.trim())) { problems.push(`${rel}: the last crumb is "${crumbs.current}"`); }
  }
  // The longest document: a contents list whose links reach permalinked headings.
  const docs = fs.readdirSync(path.join(sample, 'documents')).filter((f) => f !== 'index.html' && !f.startsWith('page-'))
    .map((f) => ({ f, n: (fs.readFileSync(path.join(sample, 'documents', f), 'utf8').match(/class="heading-anchor"/g) || []).length }))
    .sort((a, b) => b.n - a.n);
  const long = `documents/${docs[0].f}`;
  await page.goto(httpUrl({ rel: long }), { waitUntil: 'load' });
  const toc = await page.evaluate(() => {
    const links = [...document.querySelectorAll('nav.toc a')].map((a) => a.getAttribute('href'));
    const anchors = [...document.querySelectorAll('.prose .heading-anchor')].map((a) => ({ href: a.getAttribute('href'), id: a.parentElement.id }));
    return { links, anchors };
  });
  if (toc.links.length < 3) { problems.push(`${long}: contents list has ${toc.links.length} entries`); }
  for (const h of toc.links) {
    if (!toc.anchors.some((a) => `#${a.id}` === h)) { problems.push(`${long}: contents link ${h} reaches no heading`); }
  }
  for (const a of toc.anchors) { if (a.href !== `#${a.id}`) { problems.push(`${long}: permalink ${a.href} in heading #${a.id}`); } }
  if (toc.links.length > 0) {
    await page.locator('nav.toc a').nth(1).click();
    if (!page.url().endsWith(toc.links[1])) { problems.push(`${long}: clicking a contents entry went to ${page.url()}`); }
  }
  problems.push(...seen);
  record(`record pages: breadcrumbs on ${recordPages(sample).length} record page types; ${long} has a contents list (${toc.links.length}) and heading permalinks (${toc.anchors.length})`, problems.length === 0, problems);
  await page.close();
}

async function checkTheme(t) {
  const { ctx, fileUrl, record, watch, CSP_PROBE, cspViolations } = t;
  const problems = [];
  const page = await ctx.newPage();
  await page.addInitScript(CSP_PROBE);
  // The theme attribute as the body starts: set before the first paint.
  await page.addInitScript(() => {
    window.__themeAtBody = 'unseen';
    new MutationObserver((list, obs) => {
      if (document.body) { window.__themeAtBody = document.documentElement.getAttribute('data-theme'); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  const seen = watch(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(fileUrl({ rel: 'index.html' }), { waitUntil: 'load' });
  const button = page.locator('#theme-toggle');
  if (!(await button.isVisible())) { problems.push('the theme button is not shown'); } else {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    await button.click(); // auto -> light
    await button.click(); // light -> dark
    const state = await page.evaluate(() => ({ attr: document.documentElement.getAttribute('data-theme'), label: document.getElementById('theme-toggle').textContent }));
    if (state.attr !== 'dark' || !/dark/.test(state.label)) { problems.push(`after two presses: data-theme=${state.attr}, button "${state.label}"`); }
    if ((await bg()) === light) { problems.push('dark theme chosen but the background stays light'); }
    // Another page remembers it, from the first paint.
    await page.goto(fileUrl({ rel: 'coverage.html' }), { waitUntil: 'load' });
    const at = await page.evaluate(() => ({ body: window.__themeAtBody, now: document.documentElement.getAttribute('data-theme') }));
    if (at.now !== 'dark') { problems.push(`the next page forgot the choice (data-theme=${at.now})`); }
    if (at.body !== 'dark') { problems.push(`data-theme was "${at.body}" when the body started (a flash of the wrong theme)`); }
    await page.locator('#theme-toggle').click(); // dark -> auto
    const auto = await page.evaluate(() => ({ attr: document.documentElement.getAttribute('data-theme'), stored: localStorage.getItem('isms-theme') }));
    if (auto.attr !== null || auto.stored !== null) { problems.push(`auto leaves data-theme=${auto.attr}, stored ${auto.stored}`); }
    await page.emulateMedia({ colorScheme: 'dark' });
    if ((await bg()) === light) { problems.push('auto does not follow the dark OS setting'); }
  }
  const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length);
  if (inline > 0) { problems.push(`${inline} inline scripts`); }
  for (const v of await cspViolations(page)) { problems.push(`CSP violation: ${v}`); }
  problems.push(...seen);
  record('theme toggle (file://): auto/light/dark, remembered across pages, set before the body starts, no inline script or CSP violation', problems.length === 0, problems);
  await page.close();
}

async function checkSearch(t, base, how) {
  const { ctx, REPO, record, watch } = t;
  const problems = [];
  const page = await ctx.newPage();
  const seen = watch(page);
  await page.goto(base({ rel: 'documents/index.html' }), { waitUntil: 'load' });
  // `/` focuses the header box.
  await page.locator('h1').click();
  await page.keyboard.press('/');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== 'site-search-q') { problems.push(`"/" focused ${focused}, not the header search box`); }
  // Instant results for a plural: "backups" finds the backup standard.
  await page.keyboard.type('backups', { delay: 10 });
  const drop = page.locator('#site-search-results');
  try {
    await drop.locator('a').first().waitFor({ timeout: 5000 });
    const rows = await drop.locator('li a').evaluateAll((as) => as.map((a) => ({ text: a.textContent, meta: (a.querySelector('.search-meta') || {}).textContent || '', href: a.href })));
    if (!rows.some((r) => /backup/i.test(r.text))) { problems.push(`instant results for "backups" miss a backup page: ${rows.map((r) => r.text).join(' | ')}`); }
    const doc = rows.find((r) => r.meta.startsWith('Document'));
    if (!doc || !/ · .+ · (Approved|Due|Audited|Held|Measured|Assessed) \d{4}-\d\d-\d\d/.test(doc.meta)) {
      problems.push(`a document result lacks kind · status · date: ${doc ? doc.meta : rows.map((r) => r.meta).join(' | ')}`);
    }
    const inView = await drop.evaluate((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.right <= window.innerWidth + 1; });
    if (!inView) { problems.push('the dropdown is not in view'); }
    // Arrow down then Enter opens the first result.
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement && document.activeElement.href);
    await Promise.all([page.waitForURL((u) => u.href === first, { timeout: 5000 }), page.keyboard.press('Enter')])
      .catch((e) => problems.push(`ArrowDown + Enter: ${e.message.split('\n')[0]}`));
  } catch (e) {
    problems.push(`no instant results for "backups": ${e.message.split('\n')[0]}`);
  }
  // search.html keeps the query in the address.
  await page.goto(`${base({ rel: 'search.html' })}?q=backups`, { waitUntil: 'load' });
  const listed = await page.locator('#search-results li').count();
  if (listed === 0) { problems.push('search.html?q=backups lists nothing'); }
  const marks = (await page.locator('#search-results mark').allTextContents()).map((s) => s.toLowerCase());
  if (!marks.some((m) => m.startsWith('backup'))) { problems.push(`no "backup…" highlighted: ${marks.slice(0, 5).join(', ')}`); }
  await page.locator('#search-query').fill('risk treatment');
  await page.waitForTimeout(100);
  const q = await page.evaluate(() => new URLSearchParams(location.search).get('q'));
  if (how === 'http' && q !== 'risk treatment') { problems.push(`after typing, ?q= is "${q}"`); }
  if (how === 'file' && q !== 'risk treatment') { t.note(`search.html from file://: ?q= not updated (${q}); the browser refuses replaceState there`); }
  // The page's stemmer is the index's (the table the Rust unit test reads).
  const table = JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'fixtures', 'search', 'stems.json'), 'utf8'));
  const wrong = await page.evaluate((rows) => rows.filter(([w, s]) => window.ismsStem(w) !== s).map(([w, s]) => `${w}: ${window.ismsStem(w)} (want ${s})`), table);
  problems.push(...wrong.map((w) => `search.js stem ${w}`));
  problems.push(...seen);
  record(`search (${how}): instant results under the header box with kind · status · date, "/" focuses it, "backups" finds backup, ?q= kept, stemmer matches the index's (${table.length} words)`, problems.length === 0, problems);
  await page.close();
}

/**
 * The text of each page of a PDF written by Chromium (Skia): Flate streams,
 * Type0 fonts with ToUnicode maps, text as hex glyph strings. Enough to read
 * the running footer back; not a general PDF reader.
 */
function pdfPages(pdf) {
  const bin = pdf.toString('latin1');
  const streams = [];
  for (const m of bin.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endstream', start);
    try { streams.push(zlib.inflateSync(Buffer.from(bin.slice(start, end), 'latin1')).toString('latin1')); } catch (e) { /* not Flate */ }
  }
  const cmap = new Map();
  const utf16 = (hex) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const [, blk] of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, a, u] of blk.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) { if (!cmap.has(parseInt(a, 16))) { cmap.set(parseInt(a, 16), utf16(u)); } }
    }
    for (const [, blk] of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, a, b, u] of blk.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        for (let k = parseInt(a, 16); k <= parseInt(b, 16); k += 1) { if (!cmap.has(k)) { cmap.set(k, String.fromCharCode(parseInt(u, 16) + k - parseInt(a, 16))); } }
      }
    }
  }
  return streams.filter((s) => s.includes('BT') && /T[jJ]/.test(s)).map((s) => [...s.matchAll(/<([0-9A-Fa-f]+)>/g)]
    .map(([, h]) => h.match(/.{4}/g).map((g) => cmap.get(parseInt(g, 16)) || '?').join('')).join(''));
}

async function checkPrint(t) {
  const { ctx, httpUrl, record, note, WORK } = t;
  const problems = [];
  const page = await ctx.newPage();
  await page.emulateMedia({ media: 'print' });
  for (const rel of ['audit-pack.html', 'documents/POL-AC.html']) {
    await page.goto(httpUrl({ rel }), { waitUntil: 'load' });
    const info = await page.evaluate(() => {
      const rules = [];
      for (const sheet of document.styleSheets) {
        for (const r of sheet.cssRules) {
          if (r.type === CSSRule.PAGE_RULE) { rules.push({ margin: r.style.marginTop || r.style.margin, text: r.cssText }); }
          if (r.type === CSSRule.MEDIA_RULE && /print/.test(r.conditionText)) {
            for (const inner of r.cssRules) { if (inner.type === CSSRule.PAGE_RULE) { rules.push({ margin: inner.style.marginTop || inner.style.margin, text: inner.cssText }); } }
          }
        }
      }
      const footer = document.querySelector('.print-footer');
      const cs = footer && getComputedStyle(footer);
      return { rules, footer: footer ? { text: footer.textContent.replace(/\s+/g, ' ').trim(), display: cs.display, position: cs.position } : null };
    });
    if (!info.rules.some((r) => r.margin)) { problems.push(`${rel}: no @page rule with margins (${info.rules.map((r) => r.text).join(' ; ')})`); }
    if (!info.footer) { problems.push(`${rel}: no running footer`); continue; }
    if (info.footer.display === 'none') { problems.push(`${rel}: the running footer is hidden in print`); }
    for (const want of ['Uncontrolled when printed', '2026-11-15']) {
      if (!info.footer.text.includes(want)) { problems.push(`${rel}: footer lacks "${want}": ${info.footer.text}`); }
    }
    if (rel.startsWith('documents/') && !/POL-AC/.test(info.footer.text)) { problems.push(`${rel}: footer lacks the document id: ${info.footer.text}`); }
  }
  await page.emulateMedia({ media: 'screen' });
  const footerOnScreen = await page.evaluate(() => { const f = document.querySelector('.print-footer'); return f ? getComputedStyle(f).display : 'none'; });
  if (footerOnScreen !== 'none') { problems.push('the print footer shows on screen'); }
  // Print to PDF as a reader would, and read the footers back.
  for (const [rel, name] of [['documents/POL-AC.html', 'POL-AC version'], ['audit-pack.html', 'Audit pack']]) {
    await page.goto(httpUrl({ rel }), { waitUntil: 'load' });
    const pdf = await page.pdf({ path: path.join(WORK, `ux-${rel.replace(/\W+/g, '-')}.pdf`), format: 'A4' });
    const pages = pdfPages(pdf);
    if (pages.length < 2) { problems.push(`${rel}: the PDF has ${pages.length} pages`); continue; }
    const bad = pages.map((text, i) => ({ i, text })).filter(({ i, text }) => !text.includes(`Page ${i + 1} of ${pages.length}`)
      || !text.includes('Uncontrolled when printed') || !text.includes(name) || !text.includes('2026-11-15'));
    for (const b of bad.slice(0, 3)) { problems.push(`${rel}: PDF page ${b.i + 1} lacks its running footer: ${b.text.slice(0, 160)}`); }
    note(`print: ${rel} is ${pages.length} A4 pages, each with "Page N of ${pages.length}" and "${name} · State as of 2026-11-15 · Uncontrolled when printed"`);
  }
  record('print: @page margins and the running footer (document id, version, as-of, "Uncontrolled when printed", page N of M) on every PDF page of a document and the audit pack', problems.length === 0, problems);
  await page.close();
}

/** Every check of this file; `t` carries run.mjs's helpers and sites. */
export async function uxNav(t) {
  await checkOverlay(t);
  await checkNav(t);
  await checkRecordPages(t);
  await checkTheme(t);
  await checkSearch(t, t.fileUrl, 'file');
  await checkSearch(t, t.httpUrl, 'http');
  await checkPrint(t);
}

