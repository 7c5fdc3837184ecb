// Browser checks of issue 21, items 3, 5 and 6 (called from run.mjs):
//   - the coverage matrix and audit programme filters ("only gaps", theme)
//     work from file://, and the first column stays in view at 390 px;
//   - the timeline's year and category filters and its newest-first order,
//     also asked for in the address (`?order=newest`);
//   - chart legends are coloured as their marks (light and dark), axis text
//     is at least 11 px at 390 px and in the two-column grid, count axes
//     have whole-number ticks (sample and `init` starter);
//   - numbers and text that read right: Last audited has a separator, Cited
//     by names each record once, the attention table has no Closed column,
//     the starter dashboard shows no backtick and no "(s)".
// Every page is also watched for console errors, page errors and CSP
// violations while it is used.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CSP_PROBE = `window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});`;

/** Opens `url` in a fresh page that records console errors, page errors and CSP violations. */
async function open(ctx, url, viewport = { width: 1280, height: 900 }, colorScheme = 'light') {
  const page = await ctx.newPage();
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme });
  await page.addInitScript(CSP_PROBE);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') { problems.push(`console error: ${m.text()}`); } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  const done = async () => {
    for (const v of await page.evaluate(() => window.__csp || [])) { problems.push(`CSP violation: ${v}`); }
    await page.close();
    return problems;
  };
  return { page, problems, done };
}

/** The matrix's visible data rows: [{theme, gap}]. */
function visibleRows(page, table) {
  return page.evaluate((id) => [...document.querySelectorAll(`#${id} tbody tr[data-theme]`)]
    .filter((tr) => tr.offsetParent !== null)
    .map((tr) => ({ theme: tr.dataset.theme, gap: tr.dataset.gap })), table);
}

async function checkMatrixFilters(ctx, site, record) {
  for (const [rel, table] of [['coverage.html', 'coverage-matrix'], ['audit-programme.html', 'programme-matrix']]) {
    const { page, problems, done } = await open(ctx, pathToFileURL(path.join(site, rel)).href);
    const form = page.locator(`div.matrix-filter[data-matrix="${table}"]`);
    if (!(await form.isVisible())) { problems.push('the filter form is not shown (static/matrix.js did not run)'); }
    const all = await visibleRows(page, table);
    const gapCount = Number((await form.locator('label', { has: page.locator('input[name=gaps]') }).innerText()).match(/\((\d+)\)\s*$/)[1]);
    await form.locator('input[name=gaps]').check();
    const gaps = await visibleRows(page, table);
    if (gaps.length !== gapCount || gaps.some((r) => r.gap !== 'true')) {
      problems.push(`only gaps: ${gaps.length} rows shown, ${gapCount} announced, ${gaps.filter((r) => r.gap !== 'true').length} not gaps`);
    }
    await form.locator('input[name=gaps]').uncheck();
    const options = await form.locator('select[name=theme] option').evaluateAll((os) => os.map((o) => ({ value: o.value, n: Number(o.textContent.match(/\((\d+)\)/)[1]) })));
    for (const o of options.filter((x) => x.value !== '')) {
      await form.locator('select[name=theme]').selectOption(o.value);
      const rows = await visibleRows(page, table);
      if (rows.length !== o.n || rows.some((r) => r.theme !== o.value)) { problems.push(`theme ${o.value}: ${rows.length} rows shown, ${o.n} announced`); }
      const emptyGroups = await page.evaluate((id) => [...document.querySelectorAll(`#${id} tbody`)]
        .filter((b) => b.offsetParent !== null && !b.querySelector('tr[data-theme]:not([hidden])')).length, table);
      if (emptyGroups > 0) { problems.push(`theme ${o.value}: ${emptyGroups} group headings shown without rows`); }
    }
    if (!options.some((o) => o.value === 'people')) { problems.push('no Annex A theme offered'); }
    await form.locator('select[name=theme]').selectOption('');
    const back = await visibleRows(page, table);
    if (back.length !== all.length) { problems.push(`all rows: ${back.length} shown after clearing, ${all.length} before`); }
    const said = await form.locator('output').innerText();
    if (!said.includes(`${all.length} of ${all.length}`)) { problems.push(`count reads "${said}"`); }
    problems.push(...await done());
    record(`views: ${rel} filters (only gaps, theme) work from file://`, problems.length === 0, problems);
  }
}

async function checkStickyColumn(ctx, site, record) {
  for (const rel of ['coverage.html', 'audit-programme.html']) {
    const { page, problems, done } = await open(ctx, pathToFileURL(path.join(site, rel)).href, { width: 390, height: 844 });
    const r = await page.evaluate(() => {
      const wrap = document.querySelector('.matrix-wrap');
      const th = wrap.querySelector('tbody tr[data-theme] th[scope=row]');
      const td = th.parentElement.querySelector('td');
      const before = { th: th.getBoundingClientRect().left, td: td.getBoundingClientRect().left };
      wrap.scrollLeft = 400;
      const after = { th: th.getBoundingClientRect().left, td: td.getBoundingClientRect().left };
      return { wrap: wrap.getBoundingClientRect().left, before, after, width: th.getBoundingClientRect().width, scrolled: wrap.scrollLeft,
        page: document.documentElement.scrollWidth };
    });
    if (r.scrolled < 100) { problems.push(`the matrix does not scroll sideways at 390 px (scrollLeft ${r.scrolled})`); }
    // A collapsed 4 px border may shift it by half its width.
    if (Math.abs(r.after.th - r.before.th) > 3 || r.after.th < r.wrap - 1) { problems.push(`first column moved from ${r.before.th} to ${r.after.th} px`); }
    if (r.after.td > r.before.td - 100) { problems.push('the other columns did not scroll'); }
    if (r.width > 200) { problems.push(`first column is ${r.width.toFixed(0)} px wide at 390 px`); }
    if (r.page > 390) { problems.push(`the page scrolls sideways (${r.page} px)`); }
    problems.push(...await done());
    record(`views: ${rel} keeps its first column in view at 390 px`, problems.length === 0, problems);
  }
}

async function checkTimeline(ctx, site, record) {
  const url = pathToFileURL(path.join(site, 'timeline.html')).href;
  const visible = (page) => page.evaluate(() => [...document.querySelectorAll('#timeline-months li.event')]
    .filter((li) => li.offsetParent !== null)
    .map((li) => ({ date: li.querySelector('time').getAttribute('datetime'), category: li.dataset.category })));
  const { page, problems, done } = await open(ctx, url);
  const all = await visible(page);
  const form = page.locator('#timeline-filter');
  if (!(await form.isVisible())) { problems.push('the filter is not shown'); }
  const years = await form.locator('select[name=year] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  if (years.length < 2) { problems.push(`years offered: ${years.join(', ')}`); }
  const year = years[1] || years[0];
  await form.locator('select[name=year]').selectOption(year);
  const inYear = await visible(page);
  if (inYear.length === 0 || inYear.some((e) => !e.date.startsWith(year)) || inYear.length !== all.filter((e) => e.date.startsWith(year)).length) {
    problems.push(`year ${year}: ${inYear.length} events shown`);
  }
  await form.locator('input[name=category][value=metric]').uncheck();
  const noMetrics = await visible(page);
  if (noMetrics.some((e) => e.category === 'metric' || !e.date.startsWith(year))) { problems.push('category and year filters do not combine'); }
  await form.locator('input[name=category][value=metric]').check();
  await form.locator('select[name=year]').selectOption('');
  await form.locator('select[name=order]').selectOption('newest');
  const newest = await visible(page);
  const sorted = [...newest].map((e) => e.date);
  if (newest.length !== all.length || sorted.some((d, i) => i > 0 && d > sorted[i - 1])) { problems.push('newest first is not in descending date order'); }
  await form.locator('select[name=order]').selectOption('oldest');
  const again = (await visible(page)).map((e) => e.date);
  if (again.join() !== all.map((e) => e.date).join()) { problems.push('oldest first does not restore the order'); }
  problems.push(...await done());
  const asked = await open(ctx, `${url}?order=newest&year=${year}`);
  const first = await visible(asked.page);
  if (first.length === 0 || first.some((e) => !e.date.startsWith(year)) || first[0].date < first[first.length - 1].date) {
    asked.problems.push('?order=newest&year= did not start newest first in that year');
  }
  problems.push(...await asked.done());
  record(`views: timeline year and category filters and newest-first order (${all.length} events, file://)`, problems.length === 0, problems);
}

/** Legend swatches against marks, chart text size and x-label overlap on one page. */
function chartFacts(page) {
  return page.evaluate(() => {
    const out = { legend: [], minText: 99, overlaps: 0, charts: 0, ticks: [] };
    for (const svg of document.querySelectorAll('svg.chart')) {
      out.charts += 1;
      const scale = svg.getScreenCTM().a;
      const xs = [];
      for (const t of svg.querySelectorAll('text.axis')) {
        if (getComputedStyle(t).display === 'none') { continue; }
        out.minText = Math.min(out.minText, parseFloat(getComputedStyle(t).fontSize) * scale);
        if (t.classList.contains('x-label')) { xs.push(t.getBoundingClientRect()); }
      }
      for (let i = 1; i < xs.length; i += 1) { if (xs[i].left < xs[i - 1].right) { out.overlaps += 1; } }
      out.ticks.push([...svg.querySelectorAll('[data-tick]')].map((t) => t.getAttribute('data-tick')));
      for (const swatch of svg.closest('figure').querySelectorAll('.legend-list svg > *')) {
        const classes = swatch.getAttribute('class').trim().split(/\s+/);
        const same = (el) => el.classList.length === classes.length && classes.every((c) => el.classList.contains(c));
        const mark = [...svg.querySelectorAll(swatch.tagName)].find(same);
        if (!mark) { continue; }
        const a = getComputedStyle(swatch);
        const b = getComputedStyle(mark);
        out.legend.push({ what: `${svg.dataset.chart} ${swatch.tagName}.${classes.join('.')}`, same: a.fill === b.fill && a.stroke === b.stroke,
          swatch: `${a.fill} ${a.stroke}`, mark: `${b.fill} ${b.stroke}` });
      }
    }
    return out;
  });
}

async function checkCharts(ctx, site, record) {
  const kpis = fs.readdirSync(path.join(site, 'metrics')).filter((f) => f !== 'index.html').map((f) => `metrics/${f}`);
  const pages = ['index.html', 'timeline.html', 'reviews/index.html', 'risks/index.html', 'risks/R-01.html', ...kpis];
  // Legend colours, light and dark.
  for (const scheme of ['light', 'dark']) {
    const problems = [];
    let compared = 0;
    for (const rel of pages) {
      const { page, problems: p, done } = await open(ctx, pathToFileURL(path.join(site, rel)).href, undefined, scheme);
      const facts = await chartFacts(page);
      compared += facts.legend.length;
      for (const l of facts.legend.filter((x) => !x.same)) { problems.push(`${rel} ${l.what}: swatch ${l.swatch}, mark ${l.mark}`); }
      if (kpis.includes(rel) && !facts.legend.some((l) => l.what.includes('path.line.s0'))) { problems.push(`${rel}: no line swatch compared`); }
      problems.push(...await done(), ...p);
    }
    record(`charts: legend swatches coloured as their marks (${scheme}, ${compared} swatches, ${kpis.length} KPI pages)`, problems.length === 0 && compared > 0, problems);
  }
  // Text size and overlaps at phone width and on a wide screen.
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    const problems = [];
    let smallest = 99;
    for (const rel of pages) {
      const { page, problems: p, done } = await open(ctx, pathToFileURL(path.join(site, rel)).href, viewport);
      const facts = await chartFacts(page);
      smallest = Math.min(smallest, facts.minText);
      if (facts.minText < 11) { problems.push(`${rel}: axis text ${facts.minText.toFixed(1)} px`); }
      if (facts.overlaps > 0) { problems.push(`${rel}: ${facts.overlaps} x labels overlap`); }
      problems.push(...await done(), ...p);
    }
    record(`charts: axis text at least 11 px at ${viewport.width} px (smallest ${smallest.toFixed(1)} px), no x labels overlap`, problems.length === 0, problems);
  }
}

/** Whole-number ticks on the count charts of a site's dashboard and timeline. */
async function checkCountTicks(ctx, site, label, record) {
  const problems = [];
  for (const rel of ['index.html', 'timeline.html']) {
    const { page, problems: p, done } = await open(ctx, pathToFileURL(path.join(site, rel)).href);
    const facts = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => ({
      chart: svg.dataset.chart, ticks: [...svg.querySelectorAll('[data-tick]')].map((t) => t.textContent) })));
    for (const f of facts.filter((x) => x.chart !== 'chart-days')) {
      if (f.ticks.length < 2 || f.ticks.some((t) => !/^\d+$/.test(t))) { problems.push(`${rel} ${f.chart}: ticks ${f.ticks.join(', ')}`); }
    }
    problems.push(...await done(), ...p);
  }
  record(`charts: count axes have whole-number ticks (${label})`, problems.length === 0, problems);
}

async function checkNumbers(ctx, site, starter, record) {
  const problems = [];
  const text = async (rel, selector, where = site) => {
    const { page, problems: p, done } = await open(ctx, pathToFileURL(path.join(where, rel)).href);
    const t = await page.locator(selector).first().innerText();
    problems.push(...await done(), ...p);
    return t;
  };
  const audited = await text('clauses/9.2.html', 'dl.facts div:has(dt:text-is("Last audited")) dd');
  if (!/^\d{4}-\d\d-\d\d · AUD-/.test(audited.trim())) { problems.push(`Last audited reads "${audited}"`); }
  const cited = await text('actions/IA-2025-003.html', '.backlinks');
  const ids = cited.split('\n').map((l) => (l.match(/\b([A-Z]+-[\w.-]+)\b/) || [])[1]).filter(Boolean);
  if (new Set(ids).size !== ids.length) { problems.push(`Cited by lists a record twice: ${ids.join(', ')}`); }
  const attention = await text('index.html', 'section:has(#attention) thead');
  if (/Closed/.test(attention)) { problems.push(`Actions needing attention has a Closed column: ${attention}`); }
  const summary = await text('coverage.html', 'table.summary thead');
  if (!summary.includes('Requirements with an open nonconformity')) { problems.push(`coverage summary header: ${summary}`); }
  const main = await text('index.html', 'main', starter);
  if (/`|\(s\)/.test(main)) { problems.push(`starter dashboard: ${main.match(/.{0,40}(`|\(s\)).{0,40}/)[0]}`); }
  record('numbers: Last audited separated, Cited by once per record, no empty Closed column, labelled NC count, starter text', problems.length === 0, problems);
}

/** Issue 21 items 3, 5 and 6 in the browser; `record(name, ok, details)` as in run.mjs. */
export async function uxViews({ ctx, sample, bin, work, record }) {
  const starterSrc = path.join(work, 'starter-src');
  const starter = path.join(work, 'starter');
  fs.rmSync(starterSrc, { recursive: true, force: true });
  const init = spawnSync(bin, ['init', starterSrc], { encoding: 'utf8' });
  const built = init.status === 0 && spawnSync(bin, ['build', starterSrc, '-o', starter], { encoding: 'utf8' }).status === 0;
  record('views: `init` starter builds', built, built ? [] : [init.stderr]);
  await checkMatrixFilters(ctx, sample, record);
  await checkStickyColumn(ctx, sample, record);
  await checkTimeline(ctx, sample, record);
  await checkCharts(ctx, sample, record);
  await checkCountTicks(ctx, sample, 'sample', record);
  if (built) {
    await checkCountTicks(ctx, starter, 'init starter', record);
    await checkNumbers(ctx, sample, starter, record);
  }
}
