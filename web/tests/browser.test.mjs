// Browser tests of the web UI against a real `sijil serve`, in Debian's
// Chromium driven by playwright-core. Each step is a subtest; any failing step
// fails the run. No sleeps: every wait is for a selector or a response.
//
// Environment (scripts/browser-test sets these):
//   SIJIL_BIN        the sijil binary (default build/sijil)
//   SIJIL_WEB_DIR    the built UI (default web/dist)
//   SCREENSHOT_DIR   where the screenshots go (default build/screenshots)
//   CHROMIUM         the browser (default /usr/bin/chromium)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sijil = path.resolve(repo, process.env.SIJIL_BIN ?? 'build/sijil');
const webDir = path.resolve(repo, process.env.SIJIL_WEB_DIR ?? 'web/dist');
const shots = path.resolve(repo, process.env.SCREENSHOT_DIR ?? 'build/screenshots');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEP_TIMEOUT = 15_000;
const USER = 'maya';
const PASSWORD = 'correct horse battery staple';

let work;
let server;
let serverLog = '';
let baseUrl;
let browser;
let page;
let pair;  // a person on two lists and two of their records, from pick_person.py
let found_ref;  // source:record_id of the search hit the person step opens
const pageErrors = [];

// The generated lists have a notes column, which is sealed at import: imports
// and the server share one vault passphrase.
const vaultEnv = {
  ...process.env,
  SIJIL_VAULT_PASSPHRASE: 'browser test vault passphrase',
  SIJIL_VAULT_KDF: 'interactive',
};

function run(...args) {
  return execFileSync(sijil, ['--db', path.join(work, 'sijil.db'), ...args],
    { cwd: work, encoding: 'utf8', env: vaultEnv });
}

// Resolves with the URL `sijil serve` prints once it listens
// ("sijil: serving http://127.0.0.1:PORT/"); rejects if it exits first.
function serverUrl(child) {
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /serving (https?:\/\/[^\s/]+)\//.exec(serverLog);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`sijil serve exited (${code}):\n${serverLog}`)));
  });
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'sijil-browser-'));
  mkdirSync(shots, { recursive: true });
  for (const file of readdirSync(shots)) if (file.endsWith('.png')) rmSync(path.join(shots, file));
  run('init');
  run('generate', '--persons', '300', '--lists', '3', '--seed', '11', '--out', 'lists');
  for (const list of ['list_1', 'list_2', 'list_3']) run('import', `lists/${list}.csv`, '--source', list);
  run('link');
  pair = JSON.parse(execFileSync('python3', [path.join(repo, 'web/tests/pick_person.py'),
    path.join(work, 'lists')], { encoding: 'utf8' }));
  writeFileSync(path.join(work, 'password'), PASSWORD + '\n');
  run('user', 'add', USER, '--role', 'admin', '--password-file', 'password');

  server = spawn(sijil, ['--db', path.join(work, 'sijil.db'), 'serve', '--bind', '127.0.0.1', '--port', '0',
    '--web-dir', webDir], {
    cwd: work,
    env: vaultEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (chunk) => (serverLog += chunk));
  server.stderr.on('data', (chunk) => (serverLog += chunk));
  baseUrl = await serverUrl(server);

  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(STEP_TIMEOUT);
  page = await context.newPage();
  // Any script error or CSP violation fails the run at the end.
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

async function waitForDir(dir) {
  await page.waitForFunction((d) => document.documentElement.dir === d, dir);
}

// Saves a screenshot of the page in English and in Arabic, then returns to
// the language it found. `ready` is a selector that shows the page has drawn
// its data after the language switch re-renders it.
async function screenshotBoth(name, ready) {
  const startDir = await page.evaluate(() => document.documentElement.dir);
  for (const dir of startDir === 'rtl' ? ['rtl', 'ltr'] : ['ltr', 'rtl']) {
    const current = await page.evaluate(() => document.documentElement.dir);
    if (current !== dir) {
      await page.click('#lang-switch');
      await waitForDir(dir);
    }
    await page.waitForSelector(ready);
    await page.screenshot({ path: path.join(shots, `${name}-${dir === 'rtl' ? 'ar' : 'en'}.png`), fullPage: true });
  }
  if ((await page.evaluate(() => document.documentElement.dir)) !== startDir) {
    await page.click('#lang-switch');
    await waitForDir(startDir);
    await page.waitForSelector(ready);
  }
}

test('browser', { timeout: 150_000 }, async (t) => {
  await t.test('log in', async () => {
    await page.goto(baseUrl + '/');
    await page.waitForSelector('#login-form');
    await screenshotBoth('login', '#login-form');
    await page.fill('#login-name', USER);
    await page.fill('#login-password', 'wrong password');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not(:empty)');
    await page.fill('#login-password', PASSWORD);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/login')),
      page.click('#login-form button[type=submit]'),
    ]);
    assert.equal(response.status(), 200);
    await page.waitForSelector('#search-input');
    assert.match(await page.textContent('.account-name'), new RegExp(USER));
  });

  await t.test('search an Arabic name typed in Latin letters', async () => {
    // "Given al-Family" in Latin, as a relative would type it.
    const words = pair.name_latin.split(/\s+/);
    const query = `${words[0]} ${words[words.length - 1]}`;
    const answered = page.waitForResponse((r) => r.url().includes('/api/search?q=') &&
      decodeURIComponent(r.url()).includes(query) && r.status() === 200);
    await page.fill('#search-input', query);
    const results = (await (await answered).json()).results;
    // Either record of the person will do: the lists spell names their own way.
    const found = results.find((r) => [pair.a, pair.b].some((ref) => r.source === ref.source && r.record_id === ref.record_id));
    assert.ok(found, `"${query}" finds a record of ${pair.person_id} (${pair.given_name} ${pair.family_name}); ` +
      `got ${JSON.stringify(results.map((r) => r.full_name))}`);
    found_ref = `${found.source}:${found.record_id}`;
    const row = page.locator('#search-results tbody tr', { hasText: found_ref });
    await row.waitFor();
    const name = await row.locator('.result-name').textContent();
    assert.match(name, /[\u0600-\u06FF]/, `the hit for ${query} shows an Arabic name, got ${name}`);
    assert.ok(name.includes(pair.family_name), `${name} has the family name ${pair.family_name}`);
    await screenshotBoth('search', '#search-results tbody tr');
  });

  await t.test('open a person', async () => {
    await page.locator('#search-results tbody tr', { hasText: found_ref }).locator('a.result-name').click();
    await page.waitForURL(/\/persons\//);
    await page.waitForSelector('table.compare');
    assert.ok((await page.textContent('table.compare thead')).includes(found_ref.split(':').slice(1).join(':')));
    await page.waitForSelector('#person-timeline li');
    await screenshotBoth('person', 'table.compare');
  });

  await t.test('accept a review pair', async () => {
    await page.click('nav a[href="/review"]');
    await page.waitForSelector('#review-accept');
    const queued = await page.evaluate(async () => (await (await fetch('/api/review?limit=1000')).json()).items);
    const shown = queued[0];
    const table = await page.textContent('table.compare thead');
    assert.ok(table.includes(shown.a.record_id) && table.includes(shown.b.record_id), table);
    await screenshotBoth('review', '#review-accept');
    const [response] = await Promise.all([
      page.waitForResponse((r) => /\/api\/review\/\d+\/accept$/.test(r.url())),
      page.keyboard.press('a'),
    ]);
    assert.equal(response.status(), 200, await response.text());
    assert.equal((await response.json()).id, shown.id);
    await page.waitForSelector('#review-status.flash-ok');
    // The decided pair leaves the queue; the next one (if any) is shown.
    const left = await page.evaluate(async () => (await (await fetch('/api/review?limit=1000')).json()).items);
    assert.equal(left.length, queued.length - 1);
    assert.ok(!left.some((item) => item.id === shown.id));
    if (left.length === 0) await page.waitForSelector('#review-panel .state-empty');
    else await page.waitForSelector('#review-accept');
  });

  await t.test('dashboard and estimates', async () => {
    await page.click('nav a[href="/dashboard"]');
    await page.waitForSelector('#dashboard .chart-svg rect.bar');
    await screenshotBoth('dashboard', '#dashboard .chart-svg');
    // Governorates are counted once per place ("حلب", "Aleppo", "Halab"),
    // named in the page's language.
    const governorates = () => page.$$eval('#dashboard > section:first-child table th',
      (cells) => cells.map((cell) => cell.textContent));
    for (const dir of ['ltr', 'rtl']) {
      if ((await page.evaluate(() => document.documentElement.dir)) !== dir) {
        await page.click('#lang-switch');
        await waitForDir(dir);
        await page.waitForSelector('#dashboard .chart-svg rect.bar');
      }
      const names = await governorates();
      const [shown, hidden] = dir === 'rtl' ? ['حلب', 'Aleppo'] : ['Aleppo', 'حلب'];
      assert.equal(names.filter((name) => name === shown).length, 1, names.join(', '));
      assert.ok(!names.includes(hidden), names.join(', '));
    }
    await page.click('nav a[href="/estimates"]');
    await page.waitForSelector('#estimates');
    // The model average the API gives is shown with its interval.
    const api = await page.evaluate(async () => (await (await fetch('/api/estimates')).json()).estimates[0]);
    const shown = await page.$eval('#estimates .estimate-average', (node) => node.textContent);
    for (const value of [api.model_average.lower, api.model_average.upper]) {
      const formatted = await page.evaluate((v) => v.toLocaleString(
        document.documentElement.lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB', { maximumFractionDigits: 0 }), value);
      assert.ok(shown.includes(formatted), `${shown} lacks ${formatted}`);
    }
    await screenshotBoth('estimates', '#estimates');
  });

  await t.test('import wizard preview', async () => {
    await page.click('nav a[href="/import"]');
    // The preview is page state a language switch redraws away: run it in
    // each language before its screenshot.
    for (const dir of ['ltr', 'rtl']) {
      if ((await page.evaluate(() => document.documentElement.dir)) !== dir) {
        await page.click('#lang-switch');
        await waitForDir(dir);
      }
      await page.waitForSelector('#import-form');
      await page.setInputFiles('#import-file', {
        name: 'new-list.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('ID,Full name,Sex,Governorate,Date of arrest,Status\n' +
          'N-1,محمد الحلبي,M,Aleppo,2013-04-02,detained\n' +
          'N-2,Ahmad Darwish,X,Homs,2014-13-40,released\n'),
      });
      await page.fill('#import-source', 'new_list');
      await page.click('#import-preview-button');
      await page.waitForSelector('#import-preview tbody tr');
      const errors = await page.textContent('#import-errors');
      assert.match(errors, /3/, `the bad row's line is listed: ${errors}`);
      await page.screenshot({ path: path.join(shots, `import-${dir === 'rtl' ? 'ar' : 'en'}.png`), fullPage: true });
    }
    await page.click('#lang-switch');
    await waitForDir('ltr');
  });

  await t.test('import wizard: choose a column\'s field, then import', async () => {
    await page.click('nav a[href="/import"]');
    await page.waitForSelector('#import-form');
    // "Place held" is no header Sijil knows: it would be kept as an extra attribute.
    await page.setInputFiles('#import-file', {
      name: 'mapped-list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('ID,Full name,Place held\nM-1,عمر الخطيب,صيدنايا\n'),
    });
    await page.fill('#import-source', 'mapped_list');
    await page.click('#import-preview-button');
    await page.waitForSelector('#import-map-2');
    assert.equal(await page.inputValue('#import-map-2'), 'extra');
    const [preview] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/imports?dry_run=1')),
      page.selectOption('#import-map-2', 'facility'),
    ]);
    assert.ok(preview.ok(), `preview answered ${preview.status()}`);
    // The server previewed with the choice (Chromium does not expose multipart bodies to check).
    assert.equal((await preview.json()).preview.columns[2].maps_to, 'facility');
    await page.waitForFunction(() => !document.querySelector('#import-mapping tr.unmapped'));
    assert.equal(await page.inputValue('#import-map-2'), 'facility');
    await page.click('#import-commit');
    await page.waitForSelector('#import-done');
    assert.match(await page.textContent('#import-done'), /1 added/);
    await page.goto(baseUrl + '/records/mapped_list/M-1');
    const facility = page.locator('table.compare tr', { hasText: 'Facility' });
    await facility.waitFor();
    assert.match(await facility.textContent(), /صيدنايا/);
  });

  await t.test('upload a file to the vault and see its custody entry', async () => {
    await page.click('nav a[href="/evidence"]');
    await page.waitForSelector('#evidence-form');
    await page.setInputFiles('#evidence-file', {
      name: 'witness-photo.txt', mimeType: 'text/plain', buffer: Buffer.from('evidence made by the browser test\n'),
    });
    await page.fill('#evidence-description', 'photo of a detention order');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/vault') && r.request().method() === 'POST'),
      page.click('#evidence-submit'),
    ]);
    assert.ok(response.ok(), `upload answered ${response.status()}: ${await response.text()}`);
    await page.waitForURL(/\/evidence\/[^/]+$/);
    await page.waitForSelector('#custody-timeline li');
    await screenshotBoth('evidence-item', '#custody-timeline li');
    await page.click('nav a[href="/evidence"]');
    await page.waitForSelector('#evidence-list tbody tr');
    await screenshotBoth('evidence', '#evidence-list tbody tr');
  });

  await t.test('switch language: the page is right-to-left and it is remembered', async () => {
    await page.click('nav a[href="/search"]');
    await page.waitForSelector('#search-input');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await page.click('#lang-switch');
    await waitForDir('rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.textContent('nav a[href="/search"]'), 'بحث');
    await page.reload();
    await page.waitForSelector('#search-input');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.click('#lang-switch');
    await waitForDir('ltr');
  });

  await t.test('no script errors or CSP violations', () => {
    assert.deepEqual(pageErrors, []);
  });
});
