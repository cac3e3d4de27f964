import { createHash } from 'node:crypto';
import type { ReportModel } from './report-model.js';

/** uPlot's browser build and stylesheet, inlined so the page needs nothing but itself. */
export interface ChartAssets {
  js: string;
  css: string;
}

// Distinct on white and in most colour-vision deficiencies' confusion pairs (Okabe–Ito first).
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000', '#8C564B', '#7F7F7F', '#BCBD22', '#17BECF', '#9467BD'];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that can sit inside a <script> element: nothing in it can close the element or start markup. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Draws the charts from the embedded data; runs only in the page. */
const APP = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ${JSON.stringify(PALETTE)};
  var colourOf = function (network) { return palette[data.networks.indexOf(network) % palette.length]; };
  var width = Math.max(320, Math.min(1000, document.documentElement.clientWidth - 48));
  var money = function (v) { return v == null ? '' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }) + ' ' + data.currency; };
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
  var axes = function (label) { return [{}, { label: label, size: 70 }]; };

  // Stacked bars: each series is drawn as the running sum, the tallest first, so lower ones cover it.
  var running = data.days.map(function () { return 0; });
  var stacks = data.earnings.map(function (e) {
    running = running.map(function (sum, i) { return sum + e.values[i]; });
    // A day with nothing earned draws no bar at all rather than a hairline.
    return { e: e, sum: running.map(function (v) { return v > 0 ? v : null; }) };
  }).reverse();
  var bars = uPlot.paths.bars({ size: [0.8, 64] });
  new uPlot({
    title: 'Earned per day (' + data.currency + ')', width: width, height: 300, tzDate: utc,
    axes: axes(data.currency),
    series: [{}].concat(stacks.map(function (s) {
      return { label: s.e.network, fill: colourOf(s.e.network), stroke: colourOf(s.e.network), paths: bars, points: { show: false },
        value: function (u, v, si, i) { return i == null ? '' : money(s.e.values[i]) + (s.e.unpriced[i] ? ' + unpriced' : ''); } };
    })),
  }, [data.x].concat(stacks.map(function (s) { return s.sum; })), document.getElementById('chart-earnings'));

  new uPlot({
    title: 'Holdings at the end of each day (' + data.currency + ')', width: width, height: 300, tzDate: utc,
    axes: axes(data.currency),
    series: [{}].concat(data.holdings.map(function (h) {
      return { label: h.network, stroke: colourOf(h.network), width: 2, value: function (u, v) { return money(v); } };
    })),
  }, [data.x].concat(data.holdings.map(function (h) { return h.values; })), document.getElementById('chart-holdings'));

  if (data.net.missing.length === 0) {
    new uPlot({
      title: 'Net profit per day after electricity (' + data.currency + ')', width: width, height: 300, tzDate: utc,
      axes: axes(data.currency),
      series: [{}].concat(data.net.series.map(function (n) {
        return { label: n.network, stroke: colourOf(n.network), width: 2, points: { show: true, size: 5 },
          value: function (u, v, si, i) { return i == null ? '' : v == null ? 'not known' : money(v) + (n.partial[i] ? ' (partly measured)' : ''); } };
      })),
    }, [data.x].concat(data.net.series.map(function (n) { return n.values; })), document.getElementById('chart-net'));
  }

  if (data.uptime) {
    new uPlot({
      title: 'Node uptime per day (%)', width: width, height: 240, tzDate: utc,
      scales: { y: { range: [0, 100] } }, axes: axes('%'),
      series: [{}].concat(data.uptime.map(function (u) {
        return { label: u.network, stroke: colourOf(u.network), width: 2, value: function (x, v, si, i) { return i == null ? '' : v == null ? 'not watched' : v + ' %'; } };
      })),
    }, [data.x].concat(data.uptime.map(function (u) { return u.values; })), document.getElementById('chart-uptime'));
  }
})();
`;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #111; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta, .note { color: #555; } table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
ul.networks { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
`;

function guardEnd(text: string, tag: 'script' | 'style'): string {
  if (new RegExp(`</${tag}`, 'i').test(text)) throw new Error(`the inlined ${tag} contains </${tag}> and cannot be embedded`);
  return text;
}

const money = (value: number, currency: string) => `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

const orDash = (value: number | null, currency: string) => (value === null ? '—' : money(value, currency));

/** The net profit chart's place and its totals, or the plain reasons there is no net. */
function netSection(model: ReportModel, swatch: (network: string) => string): string {
  const { net, currency } = model;
  const notes = net.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n');
  const noteList = notes ? `<ul class="note">\n${notes}\n</ul>` : '';
  if (net.missing.length > 0) {
    return `<p class="note" id="net-missing">No net profit is shown: ${net.missing.map(escapeHtml).join('; ')}.</p>\n${noteList}`;
  }
  const c = escapeHtml(currency);
  const rows = net.series
    .map(
      (n) =>
        `<tr><td>${swatch(n.network)}${escapeHtml(n.network)}</td><td class="num">${escapeHtml(money(n.earned, currency))}</td><td class="num">${n.kWh.toFixed(3)}</td><td class="num">${escapeHtml(orDash(n.powerCost, currency))}</td><td class="num">${escapeHtml(orDash(n.net, currency))}</td><td class="num">${n.netDays} of ${n.days}</td></tr>`,
    )
    .join('\n');
  const partly = net.series.some((n) => n.partial.some(Boolean)) ? ' A day measured for only part of its time is charged for that part.' : '';
  return `<div id="chart-net"></div>
<table id="net-totals"><thead><tr><th>network</th><th>earned (${c})</th><th>kWh</th><th>power cost (${c})</th><th>net (${c})</th><th>days with a net</th></tr></thead><tbody>
${rows}
</tbody><tfoot><tr><th>all joined networks</th><th class="num">${escapeHtml(money(net.total.earned, currency))}</th><th class="num">${net.total.kWh.toFixed(3)}</th><th class="num">${escapeHtml(orDash(net.total.powerCost, currency))}</th><th class="num">${escapeHtml(orDash(net.total.net, currency))}</th><th></th></tr></tfoot></table>
<p class="note">${escapeHtml(`At ${net.kwhPrice} ${currency} per kWh. Power was measured on ${net.measuredDays} of ${model.days.length} days; a day without measured power or with unpriced earnings has no net and is left out of it (never counted as the gross).${partly}`)}</p>
${noteList}`;
}

/**
 * The report as one HTML document: data, chart library and styles inline, and a Content Security
 * Policy that forbids every request, so the page opens from disk and never reaches a network.
 */
export function renderReportHtml(model: ReportModel, assets: ChartAssets): string {
  const js = guardEnd(assets.js, 'script');
  const css = guardEnd(assets.css, 'style') + STYLE;
  const csp = [`default-src 'none'`, `script-src ${sha256(js)} ${sha256(APP)}`, `style-src 'unsafe-inline'`, `base-uri 'none'`, `form-action 'none'`].join(
    '; ',
  );
  const c = escapeHtml(model.currency);
  const swatch = (network: string) => `<span class="swatch" style="background:${PALETTE[model.networks.indexOf(network) % PALETTE.length]}"></span>`;
  const totals = model.earnings
    .map((e) => {
      const unpriced = e.unpriced.filter(Boolean).length;
      return `<tr><td>${swatch(e.network)}${escapeHtml(e.network)}</td><td class="num">${escapeHtml(money(e.total, model.currency))}</td><td class="num">${unpriced || ''}</td></tr>`;
    })
    .join('\n');
  const uptime = model.uptime
    ? `<div id="chart-uptime"></div>
<table><thead><tr><th>network</th><th>average uptime of watched days</th></tr></thead><tbody>
${model.uptime.map((u) => `<tr><td>${swatch(u.network)}${escapeHtml(u.network)}</td><td class="num">${u.average === null ? 'not watched' : `${u.average} %`}</td></tr>`).join('\n')}
</tbody></table>
<p class="note">Uptime is the share of the time the daemon watched a node in which it was running; time with no daemon running is left out.</p>`
    : '<p class="note">No uptime recorded in this period: <code>depin daemon</code> (or <code>depin service install</code>) records node health.</p>';
  const net = netSection(model, swatch);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${model.title}, ${model.from} to ${model.to}`)}</title>
<style>${css}</style>
</head>
<body>
<h1>${escapeHtml(model.title)}</h1>
<p class="meta">${escapeHtml(`${model.from} to ${model.to} (UTC days) · made ${model.generatedAt} · values in ${model.currency} at each day's stored price`)}</p>
<ul class="networks" id="networks">
${model.networks.map((n) => `<li>${swatch(n)}${escapeHtml(n)}</li>`).join('\n')}
</ul>
<h2>Earned per day</h2>
<div id="chart-earnings"></div>
<table><thead><tr><th>network</th><th>earned (${c})</th><th>days with earnings but no price</th></tr></thead><tbody>
${totals || '<tr><td colspan="3">No earnings recorded in this period.</td></tr>'}
</tbody><tfoot><tr><th>all networks</th><th class="num">${escapeHtml(money(model.earningsTotal, model.currency))}</th><th></th></tr></tfoot></table>
<p class="note">Earnings are balance increases between reads; outgoing transfers are not counted as losses. A day with earnings but no stored price is left out of the values and counted in the last column.</p>
<h2>Holdings</h2>
<div id="chart-holdings"></div>
<h2>Net profit after electricity</h2>
${net}
<h2>Node uptime</h2>
${uptime}
<script type="application/json" id="report-data">${scriptJson(model)}</script>
<script>${js}</script>
<script>${APP}</script>
</body>
</html>
`;
}
