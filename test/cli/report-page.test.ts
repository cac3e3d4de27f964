import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';
import { findChromium, launchChromium, type Chromium } from '../helpers/chromium-pipe.js';
import { DAY, seedHistory, STORJ_WALLET } from '../helpers/seed-history.js';
import { container, join_ } from '../helpers/net-history.js';
import { openPowerSamples } from '../../src/store/power-samples-db.js';

const found = findChromium();
const skip = 'skip' in found ? found.skip : false;

/**
 * The report page in a real headless Chromium, opened from disk: its charts draw, its legend names
 * the networks, it requests nothing but itself and logs no error. A screenshot stays in test-artifacts/.
 */
describe('depin report in headless Chromium', { skip, timeout: 120_000 }, () => {
  const home = tempHome();
  const out = join(home.dir, 'report.html');
  let browser: Chromium;

  before(async () => {
    const now = Date.now();
    const added = await runCli(['wallet', 'add', STORJ_WALLET, '--chain', 'ethereum', '--network', 'storj'], { env: home.env });
    assert.equal(added.code, 0, added.stderr);
    await seedHistory(join(home.env.DEPIN_HOME!, 'data', 'history.db'), now, {
      unpricedDay: 12,
      events: [
        { at: now - 10 * DAY, kind: 'daemon-started', detail: 'daemon started' },
        { at: now - 10 * DAY + 1, network: 'storj', kind: 'health', detail: 'unknown → running', data: { from: 'unknown', to: 'running' } },
        { at: now - 5 * DAY, network: 'storj', kind: 'health', detail: 'running → stopped', data: { from: 'running', to: 'stopped' } },
        { at: now - 4.5 * DAY, network: 'storj', kind: 'health', detail: 'stopped → running', data: { from: 'stopped', to: 'running' } },
      ],
    });
    // Net profit: both networks joined, render given GPU 0, which drew 300 W for the last five days
    // (composed samples in nvidia-smi's shape), and a kWh price.
    join_(home.env, 'render', [container('render-node', ['0'])]);
    join_(home.env, 'storj', [container('storagenode')]);
    const samples = await openPowerSamples(join(home.env.DEPIN_HOME!, 'data', 'history.db'));
    for (let at = now - 5 * DAY; at <= now; at += 300_000) {
      samples.append({
        at,
        gpus: [
          {
            index: 0,
            uuid: 'GPU-00000000-0000-0000-0000-000000000000',
            name: 'NVIDIA H200',
            powerW: 300,
            powerLimitW: 700,
            utilizationPercent: 90,
            memoryUsedMiB: 32362,
            memoryTotalMiB: 143771,
            temperatureC: 52,
          },
        ],
      });
    }
    samples.close();
    const price = await runCli(['config', 'set', 'power.kwhPrice', '0.30'], { env: home.env });
    assert.equal(price.code, 0, price.stderr);
    const result = await runCli(['report', '--since', '30d', '--out', out], { env: home.env });
    assert.equal(result.code, 0, result.stderr);
    browser = await launchChromium((found as { path: string }).path);
  });
  after(async () => {
    await browser?.close();
    home.cleanup();
  });

  it('draws every chart, lists the networks, fetches nothing and logs no error', async () => {
    const url = pathToFileURL(out).href;
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
    for (const domain of ['Page', 'Network', 'Runtime', 'Log']) await browser.send(`${domain}.enable`, {}, sessionId);
    await browser.send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 1400, deviceScaleFactor: 1, mobile: false }, sessionId);
    await browser.send('Page.navigate', { url }, sessionId);
    await browser.waitFor('Page.loadEventFired', sessionId);

    const { result } = await browser.send(
      'Runtime.evaluate',
      {
        returnByValue: true,
        expression: `(() => {
          const canvases = [...document.querySelectorAll('canvas')];
          const drawn = canvases.map((c) => {
            const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
            return { parent: c.closest('[id^=chart-]')?.id, painted, size: c.width * c.height };
          });
          const legends = [...document.querySelectorAll('.u-legend')].map((l) => l.textContent);
          return { drawn, legends, networks: document.getElementById('networks').textContent, netTable: document.getElementById('net-totals')?.textContent ?? '' };
        })()`,
      },
      sessionId,
    );
    const page = result.value as { drawn: { parent: string; painted: number; size: number }[]; legends: string[]; networks: string; netTable: string };
    assert.deepEqual(page.drawn.map((d) => d.parent).sort(), ['chart-earnings', 'chart-holdings', 'chart-net', 'chart-uptime']);
    for (const d of page.drawn) assert.ok(d.painted > 500, `${d.parent} has only ${d.painted} drawn pixels of ${d.size}`);
    assert.equal(page.legends.length, 4);
    for (const legend of page.legends) assert.match(legend, /storj/);
    assert.match(page.legends[0], /render/);
    assert.match(page.legends[1], /render/);
    // The net chart comes third: its legend lists both joined networks.
    assert.match(page.legends[2], /render/);
    assert.match(page.netTable, /render[\s\S]*storj[\s\S]*all joined networks/);
    assert.match(page.networks, /render/);
    assert.match(page.networks, /storj/);

    const requested = browser.events.filter((e) => e.method === 'Network.requestWillBeSent' && e.sessionId === sessionId).map((e) => e.params.request.url);
    assert.deepEqual(requested, [url], 'the page requests nothing but itself');
    const errors = browser.events
      .filter(
        (e) =>
          e.sessionId === sessionId &&
          ((e.method === 'Runtime.consoleAPICalled' && ['error', 'warning', 'assert'].includes(e.params.type)) ||
            e.method === 'Runtime.exceptionThrown' ||
            (e.method === 'Log.entryAdded' && e.params.entry.level === 'error')),
      )
      .map((e) => JSON.stringify(e.params).slice(0, 500));
    assert.deepEqual(errors, []);

    const shot = await browser.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, sessionId);
    const png = Buffer.from(shot.data, 'base64');
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'test-artifacts', 'report.png'), png);
  });

  it('the page carries a policy that forbids every request, and no address outside itself', () => {
    const html = readFileSync(out, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
    assert.ok(csp, 'a CSP meta element');
    assert.match(csp!, /default-src 'none'/);
    assert.doesNotMatch(csp!, /unsafe-eval|https?:|\*/);
    assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i);
  });
});
