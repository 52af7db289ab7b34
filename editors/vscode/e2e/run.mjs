// End-to-end test of the newsdesk extension in a real VS Code workbench:
// code-server (VS Code in a browser) with the built .vsix installed, the example
// corpus as the workspace, driven with playwright-core in headless Chromium.
//
//   node run.mjs [path/to/newsdesk-x.y.z.vsix]
//
// Environment:
//   NEWSDESK_BIN          the newsdesk binary the extension starts
//                         (default: target/release/newsdesk, then target/debug/newsdesk)
//   NEWSDESK_VSIX         the .vsix to install (default: the argument, else the newest
//                         editors/vscode/*.vsix)
//   CHROMIUM              the browser (default: /usr/bin/chromium)
//   NEWSDESK_E2E_OUT      screenshots and logs (default: editors/vscode/e2e/out)
//   NEWSDESK_E2E_SCREENSHOT  also copy the overview screenshot (Problems view and
//                         an actor hover) to this path, e.g. docs/vscode-e2e.png
//   NEWSDESK_E2E_KEEP=1   keep the temporary folder (workspace, user data, extensions)
//   NEWSDESK_E2E_TIMEOUT  seconds to wait for each step (default: 60; a passing run
//                         takes about 10 s in all)
//
// Exits 0 when every check passed, 1 when one failed (with the reason, a
// screenshot of the moment and the workbench logs in the output folder).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..');
const repo = path.resolve(extensionDir, '..', '..');
const started = Date.now();
const stepTimeout = 1000 * Number(process.env.NEWSDESK_E2E_TIMEOUT || 60);

function log(msg) {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${s}s] ${msg}`);
}

class CheckFailed extends Error {}

function fail(msg) {
  throw new CheckFailed(msg);
}

// ---------------------------------------------------------------- inputs

function findBinary() {
  const fromEnv = process.env.NEWSDESK_BIN;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) fail(`NEWSDESK_BIN=${fromEnv} is not an executable file`);
    return path.resolve(fromEnv);
  }
  for (const p of ['target/release/newsdesk', 'target/debug/newsdesk']) {
    const full = path.join(repo, p);
    if (isExecutable(full)) return full;
  }
  fail('no newsdesk binary: build one (cargo build) or set NEWSDESK_BIN');
}

function findVsix() {
  const given = process.env.NEWSDESK_VSIX || process.argv[2];
  if (given) {
    if (!fs.existsSync(given)) fail(`no such .vsix: ${given}`);
    return path.resolve(given);
  }
  const found = fs
    .readdirSync(extensionDir)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => path.join(extensionDir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (found.length === 0) fail(`no .vsix in ${extensionDir}: run "npm run package" there first`);
  return found[0];
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function codeServerBin() {
  const p = path.join(here, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(p)) fail(`code-server is not installed: run "npm ci" in ${here}`);
  return p;
}

/** What the server will know about the corpus, from `newsdesk analyze`. */
function analyze(bin, corpus) {
  const r = spawnSync(bin, ['analyze', '--format', 'json', '.'], {
    cwd: corpus,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) fail(`${bin} analyze failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The findings `newsdesk check` reports, by rule code. */
function checkCodes(bin, corpus) {
  const r = spawnSync(bin, ['check', '--format', 'json', '.'], {
    cwd: corpus,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status === 2 || r.status === null) fail(`${bin} check failed (${r.status}): ${r.stderr}`);
  const codes = new Set();
  const report = JSON.parse(r.stdout);
  for (const file of report.files ?? []) {
    for (const d of file.diagnostics ?? []) {
      const code = typeof d.code === 'object' && d.code ? d.code.value : d.code;
      if (typeof code === 'string') codes.add(code);
    }
  }
  return codes;
}

/**
 * Open the hover at `pos` (Ctrl+K Ctrl+I) and wait for one that holds `expect`;
 * on failure, list the hovers shown. Returns the hover and its text, spaces
 * collapsed.
 */
async function hoverAt(page, pos, expect, what) {
  await goToPosition(page, pos);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover', { hasText: expect }).first();
  try {
    await hover.waitFor({ state: 'visible', timeout: stepTimeout });
  } catch {
    const any = await page.locator('.monaco-hover').allTextContents();
    fail(`no hover with "${expect}" on ${what} at ${pos.line + 1}:${pos.character + 1} (hovers: ${any.join(' | ').slice(0, 300) || 'none'})`);
  }
  return { hover, text: (await hover.innerText()).replace(/\s+/g, ' ') };
}

/** Pick what to look at: a quote with a link to another report, an actor to hover. */
function plan(facts) {
  const byPath = new Map(facts.reports.map((r) => [r.path, r]));
  const quote = (id) => {
    const [p] = id.split('#');
    const rep = byPath.get(p);
    const q = rep?.quotes?.find((x) => x.id === id);
    return q ? { path: p, quote: q } : undefined;
  };
  let link;
  for (const l of facts.quote_links ?? []) {
    const from = quote(l.from);
    const to = quote(l.to);
    if (from && to && from.path !== to.path) {
      link = { from, to, score: l.score };
      break;
    }
  }
  if (!link) fail('the corpus has no quote link between two reports (analyze: quote_links), nothing for Go to Definition');

  // the actor: a person named in the quote's report with a full name (not the headline)
  const rep = byPath.get(link.from.path);
  const people = (rep.mentions ?? [])
    .filter((m) => m.kind === 'person' && m.text.includes(' ') && m.range.start.line === m.range.end.line)
    .sort((a, b) => a.range.start.line - b.range.start.line);
  if (people.length === 0) fail(`no person with a full name in ${link.from.path} to hover on`);
  const actor = people[0];
  // the headline of that report, for the metadata hover
  const headline = rep.metadata?.headline;
  if (!headline) fail(`${link.from.path} has no headline (analyze: metadata.headline)`);
  return { link, actor, headline, reports: facts.reports.length };
}

// ---------------------------------------------------------------- code-server

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, child) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) fail(`code-server exited with ${child.exitCode} before it answered (see code-server.log)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e?.cause?.code ?? e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`code-server did not answer ${url} within ${timeoutMs / 1000}s (${last})`);
}

function stopProcessGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(hard);
      resolve();
    };
    child.once('exit', done);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      done();
      return;
    }
    const hard = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      setTimeout(resolve, 500);
    }, 5000);
  });
}

// ---------------------------------------------------------------- workbench helpers

/** Open a workspace file with Quick Open (Ctrl+P) and wait until it is the active editor. */
async function quickOpen(page, relPath) {
  const name = path.basename(relPath);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: stepTimeout });
  await input.fill(relPath);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: stepTimeout });
  await page.keyboard.press('Enter');
  await waitForActiveEditor(page, name, `Quick Open did not open ${relPath}`);
}

async function activeEditorName(page) {
  const tab = page.locator('.editor-group-container.active .tab.active .label-name').first();
  return (await tab.count()) ? (await tab.textContent())?.trim() : undefined;
}

async function waitForActiveEditor(page, name, message) {
  const until = Date.now() + stepTimeout;
  let seen;
  while (Date.now() < until) {
    seen = await activeEditorName(page);
    if (seen === name) {
      // and its text is on screen
      await page
        .locator('.editor-group-container.active .monaco-editor .view-lines')
        .first()
        .waitFor({ state: 'visible', timeout: stepTimeout });
      return;
    }
    await page.waitForTimeout(200);
  }
  fail(`${message} (active editor: ${seen ?? 'none'})`);
}

/** Ctrl+G to a 0-based LSP position (UTF-16 columns, as VS Code counts them). */
async function goToPosition(page, pos) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: stepTimeout });
  // Go to Line is Quick Open with the ":" prefix: typing over it without the prefix searches files
  await input.fill(`:${pos.line + 1}:${pos.character + 1}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: stepTimeout });
  await waitForCursor(page, pos, 'Go to Line did not move the cursor');
}

/** The "Ln 12, Col 3" item of the status bar, as {line, character} (0-based). */
async function cursorPosition(page) {
  const item = page.locator('#status\\.editor\\.selection').first();
  if (!(await item.count())) return undefined;
  const m = /Ln (\d+), Col (\d+)/.exec((await item.textContent()) ?? '');
  return m ? { line: Number(m[1]) - 1, character: Number(m[2]) - 1 } : undefined;
}

async function waitForCursor(page, pos, message, { lineOnly = false } = {}) {
  const until = Date.now() + stepTimeout;
  let seen;
  while (Date.now() < until) {
    seen = await cursorPosition(page);
    if (seen && seen.line === pos.line && (lineOnly || seen.character === pos.character)) return;
    await page.waitForTimeout(200);
  }
  fail(
    `${message}: expected Ln ${pos.line + 1}${lineOnly ? '' : `, Col ${pos.character + 1}`}, ` +
      `the status bar shows ${seen ? `Ln ${seen.line + 1}, Col ${seen.character + 1}` : 'no cursor position'}`,
  );
}

async function closeWidgets(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

function findFiles(dir, match) {
  const out = [];
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, match));
    else if (match(e.name)) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- main

async function main() {
  const outDir = path.resolve(process.env.NEWSDESK_E2E_OUT || path.join(here, 'out'));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const bin = findBinary();
  const vsix = findVsix();
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!isExecutable(chromiumPath)) fail(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM)`);
  const codeServer = codeServerBin();
  log(`binary ${bin}`);
  log(`extension ${vsix}`);

  // a throwaway home for the workbench: workspace, user data, extensions, config
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-e2e-'));
  process.once('exit', () => {
    if (process.env.NEWSDESK_E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  });
  const workspace = path.join(tmp, 'corpus');
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  const config = path.join(tmp, 'code-server.yaml');
  fs.cpSync(path.join(repo, 'examples', 'corpus'), workspace, { recursive: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const settings = {
    'newsdesk.server.path': bin,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 300,
    'editor.wordWrap': 'on',
    'git.enabled': false,
    'window.restoreWindows': 'none',
  };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const facts = analyze(bin, workspace);
  const codes = checkCodes(bin, workspace);
  const target = plan(facts);
  const wantCodes = ['boilerplate', 'missing-dateline'].filter((c) => codes.has(c));
  if (wantCodes.length === 0) fail(`newsdesk check finds neither boilerplate nor missing-dateline in the corpus (found: ${[...codes].join(', ')})`);
  log(`corpus: ${target.reports} reports, rules found by check: ${[...codes].sort().join(', ')}`);

  const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--config', config];
  // code-server's own config, logs and VS Code's IPC sockets go to the temporary folder too
  fs.mkdirSync(path.join(tmp, 'tmp'));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    TMPDIR: path.join(tmp, 'tmp'),
  };

  log('installing the extension into code-server');
  const inst = spawnSync(codeServer, [...common, '--install-extension', vsix, '--force'], { encoding: 'utf8', env });
  fs.writeFileSync(path.join(outDir, 'install-extension.log'), `${inst.stdout}\n${inst.stderr}`);
  if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
    fail(`code-server --install-extension failed (${inst.status}): ${(inst.stdout + inst.stderr).trim()}`);
  }

  const port = await freePort();
  const serverLog = fs.openSync(path.join(outDir, 'code-server.log'), 'w');
  log(`starting code-server on 127.0.0.1:${port}`);
  const server = spawn(
    codeServer,
    [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { detached: true, stdio: ['ignore', serverLog, serverLog], env },
  );
  const stopAll = async () => {
    await stopProcessGroup(server);
  };
  // a Ctrl+C or a kill of this script takes code-server (and the newsdesk server) down too
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      log(`${sig}: stopping`);
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // gone
      }
      if (process.env.NEWSDESK_E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(1);
    });
  }
  process.once('exit', () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // gone
    }
  });

  let browser;
  let page;
  let shot = 0;
  const screenshot = async (name) => {
    const file = path.join(outDir, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(process.cwd(), file)}`);
    return file;
  };
  const results = [];
  const check = async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - t0 });
      log(`PASS ${name}`);
    } catch (e) {
      // playwright's messages carry a call log: the first line says what timed out
      const message = String(e?.message ?? e).split('\n')[0];
      results.push({ name, ok: false, ms: Date.now() - t0, error: new Error(message) });
      log(`FAIL ${name}: ${message}`);
      if (page) await screenshot(`failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
      await closeWidgets(page).catch(() => {});
    }
  };

  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, stepTimeout, server);
    log('code-server is up; launching Chromium');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--disable-gpu', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    const consoleLog = fs.createWriteStream(path.join(outDir, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    await page.goto(url, { timeout: stepTimeout });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: stepTimeout });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: stepTimeout });
    log('workbench loaded');
    await screenshot('workbench');

    // 1. the status bar: the extension started the server and it indexed the corpus
    const n = target.reports;
    const statusText = `newsdesk: ${n.toLocaleString('en-US')} ${n === 1 ? 'report' : 'reports'}`;
    await check('status bar shows the report count', async () => {
      const item = page.locator('.statusbar-item', { hasText: /newsdesk/ }).first();
      const until = Date.now() + stepTimeout;
      let seen = '';
      while (Date.now() < until) {
        seen = (await item.count()) ? ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
        if (seen === statusText) return;
        await page.waitForTimeout(250);
      }
      fail(`expected a status bar item "${statusText}", saw ${seen ? `"${seen}"` : 'no newsdesk item'} (is the extension activated? see out/logs)`);
    });

    // 2. open the report with the quote, and the Problems view
    await check('Quick Open opens a report', async () => {
      await quickOpen(page, target.link.from.path);
    });
    await check('Problems view lists newsdesk findings', async () => {
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ state: 'visible', timeout: stepTimeout });
      // every rule the CLI finds shows up in the view (filtered one rule at a time,
      // since the tree only renders the rows that fit)
      const filter = page.locator('.panel .viewpane-filter input, .panel .markers-panel-action-filter input').first();
      await filter.waitFor({ state: 'visible', timeout: stepTimeout });
      for (const code of wantCodes) {
        await filter.fill(code);
        const row = panel.locator('.monaco-list-row', { hasText: code }).first();
        try {
          await row.waitFor({ state: 'visible', timeout: stepTimeout });
        } catch {
          const rows = await panel.locator('.monaco-list-row').allTextContents();
          fail(`no ${code} finding in the Problems view (rows: ${rows.slice(0, 8).join(' | ') || 'none'})`);
        }
        const text = (await row.innerText()).replace(/\s+/g, ' ');
        if (!/newsdesk/.test(text)) fail(`the ${code} row does not name newsdesk as its source: ${text}`);
        log(`  Problems: ${text.trim().slice(0, 140)}`);
      }
      await filter.fill('');
      await panel.locator('.monaco-list-row', { hasText: 'boilerplate' }).first().waitFor({ state: 'visible', timeout: stepTimeout });
    });

    // 3. hover on an actor: the card the server builds from the whole corpus
    const actorName = target.actor.text.split(' ').at(-1);
    await check('hover on an actor shows its card', async () => {
      const pos = { line: target.actor.range.start.line, character: target.actor.range.start.character + target.actor.text.length - 2 };
      const { hover, text } = await hoverAt(page, pos, 'Mentioned in', target.actor.text);
      if (!text.includes(actorName)) fail(`the hover does not name ${actorName}: ${text.slice(0, 300)}`);
      log(`  hover: ${text.trim().slice(0, 160)}`);
      // the hover fades in: wait until it is opaque before the picture
      await hover.evaluate(
        (el) =>
          new Promise((resolve) => {
            const t0 = Date.now();
            const tick = () =>
              getComputedStyle(el).opacity === '1' && el.getAnimations({ subtree: true }).length === 0
                ? resolve()
                : Date.now() - t0 > 3000
                  ? resolve()
                  : requestAnimationFrame(tick);
            tick();
          }),
      );
      await page.waitForTimeout(300);
      const best = await screenshot('problems-and-hover');
      if (process.env.NEWSDESK_E2E_SCREENSHOT) {
        fs.copyFileSync(best, path.resolve(process.env.NEWSDESK_E2E_SCREENSHOT));
        log(`copied to ${process.env.NEWSDESK_E2E_SCREENSHOT}`);
      }
      await closeWidgets(page);
    });

    // 4. hover on the headline: the report's metadata, read by the server
    await check('hover on the headline shows the report\'s metadata', async () => {
      if ((await activeEditorName(page)) !== path.basename(target.link.from.path)) {
        await quickOpen(page, target.link.from.path);
      }
      // on its last word: a name in the headline has its own card
      const h = target.headline.range.end;
      const pos = { line: h.line, character: Math.max(0, h.character - 2) };
      const { text } = await hoverAt(page, pos, 'Published', 'the headline');
      for (const row of ['Outlet', 'Language']) {
        if (!text.includes(row)) fail(`the headline hover has no ${row} row: ${text.slice(0, 300)}`);
      }
      log(`  headline hover: ${text.trim().slice(0, 160)}`);
      await closeWidgets(page);
    });

    // 5. Go to Definition on a quote: the other report of the same statement opens
    await check('Go to Definition on a quote opens another report of it', async () => {
      if ((await activeEditorName(page)) !== path.basename(target.link.from.path)) {
        await quickOpen(page, target.link.from.path);
      }
      const q = target.link.from.quote.range.start;
      await goToPosition(page, { line: q.line, character: q.character + 3 });
      await page.keyboard.press('F12');
      const want = path.basename(target.link.to.path);
      try {
        await waitForActiveEditor(page, want, 'F12 did not open the other report');
      } catch (e) {
        const peek = await page.locator('.peekview-widget').allTextContents();
        if (peek.length) fail(`${e.message}; a peek view opened instead: ${peek.join(' ').slice(0, 300)}`);
        throw e;
      }
      await waitForCursor(page, target.link.to.quote.range.start, `F12 opened ${want} but not at the quote`, { lineOnly: true });
      log(`  F12 from ${target.link.from.quote.id} opened ${target.link.to.path} at line ${target.link.to.quote.range.start.line + 1}`);
      await screenshot('go-to-definition');
    });
  } catch (e) {
    results.push({ name: 'setup', ok: false, error: e });
    log(`FAIL setup: ${e.message}`);
    if (page) await screenshot('failed-setup').catch(() => {});
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopAll();
    fs.closeSync(serverLog);
    // the workbench's own logs (extension host, the newsdesk output channel)
    try {
      fs.cpSync(path.join(userData, 'logs'), path.join(outDir, 'logs'), { recursive: true });
    } catch {
      // none written
    }
    if (process.env.NEWSDESK_E2E_KEEP === '1') log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  const failed = results.filter((r) => !r.ok);
  const passed = results.length - failed.length;
  if (failed.length) {
    // what the extension said: its output channel, as the workbench logged it
    for (const f of findFiles(path.join(outDir, 'logs'), (n) => n === 'newsdesk.log')) {
      const lines = fs.readFileSync(f, 'utf8').trimEnd().split('\n');
      console.log(`\n--- last lines of ${path.relative(process.cwd(), f)}`);
      console.log(lines.slice(-20).join('\n'));
    }
  }
  console.log('');
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `: ${r.error.message}`}`);
  console.log(`screenshots and logs in ${outDir}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`vscode-e2e: ${passed} passed, ${failed.length} failed`);
  return failed.length === 0 && results.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof CheckFailed ? `vscode-e2e: ${e.message}` : e);
    process.exit(1);
  },
);
