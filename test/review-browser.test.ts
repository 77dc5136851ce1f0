/**
 * The review page in a real browser (issue 15): headless Chromium (the system's, through
 * playwright-core) drives `npm run review -- serve` on a temporary workspace, with accessible
 * locators only (the page's DOM contract of issue 15: links named with the article id; one
 * textarea per segment named with its key; the status as visible text; buttons Save / Approve /
 * Reject / Use suggestion; a checkbox "Only entries needing attention"; the outcome in role=status
 * and a refusal in role=alert; the token in <meta name="review-token">), and the files on disk are
 * checked after each decision. Skipped, with a warning naming the install command, without Chromium.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';
import { CHROMIUM_MISSING, hasChromium, launchBrowser, startReviewServer, type ReviewServer } from './helpers/browser.ts';

if (!hasChromium) console.warn(`warning: ${CHROMIUM_MISSING}`);

const ID = 'ekonomi/harga-beras';
const LOCALE_FILE = `locales/en/${ID}.yaml`;
const STATE_FILE = `locales/en/${ID}.state.yaml`;
const S_SAVE = 'Harga beras naik tajam di Jakarta.';
const S_STALE = 'Pedagang mengeluh sejak pagi.';
const S_STALE_NEW = 'Pedagang mengeluh sejak kemarin sore.';
const S_MARKUP = 'Pemerintah berjanji **menurunkan** harga pekan depan.';
const S_APPROVE = 'Operasi pasar digelar di lima kota.';
const S_REJECT = 'Warga berharap harga segera stabil.';
const S_CONFLICT = 'Stok gudang dinilai cukup.';
const S_SECURITY = 'Harga cabai juga ikut naik.';
const S_MISSING = 'Paragraf ini belum diterjemahkan.';
const article = (stale: string, extra = '') => `---\ntitle: Harga Beras\n---\n\n${S_SAVE} ${stale}\n\n${S_MARKUP}\n\n${S_APPROVE} ${S_REJECT} ${S_CONFLICT}\n\n${S_SECURITY}\n${extra}`;
const FILES = { 'source/ekonomi/harga-beras.md': article(S_STALE) };

const values = (ws: Workspace): Record<string, string> => parse(ws.read(LOCALE_FILE));
const states = (ws: Workspace): Record<string, { status: string; origin: string }> => parse(ws.read(STATE_FILE));
const keyOf = (ws: Workspace, sentence: string): string => {
  const key = Object.entries(parse(ws.read(`locales/id/${ID}.yaml`)) as Record<string, string>).find(([, v]) => v === sentence)?.[0];
  if (!key) throw new Error(`no key for ${JSON.stringify(sentence)} in locales/id/${ID}.yaml`);
  return key;
};
/** The state line of one key (`"s-…": {…}`), as the state file holds it. */
const stateLine = (text: string, key: string) => text.split('\n').find((line) => line.startsWith(`"${key}":`));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Exactly this key: `s-abc` must not match `s-abc-2`. */
const keyName = (key: string) => new RegExp(`${escapeRe(key)}(?![\\w-])`);
/** From an element of a row to the row: its largest ancestor holding exactly one Save button. */
const ROW = 'xpath=ancestor::*[count(.//button[normalize-space(.)="Save" or @aria-label="Save"]) = 1][last()]';
/** The row's status shown as text (`machine`, `reviewed`, …): an element whose whole text it is, not the outcome message. */
const statusText = (row: Locator, status: string) =>
  row.locator('*:not([role="status"]):not([role="alert"])').filter({ hasText: new RegExp(`^\\s*${status}\\s*$`) }).first();

describe.skipIf(!hasChromium)('review page in headless Chromium', { timeout: 30_000 }, () => {
  let ws: Workspace;
  let twin: Workspace; // the same workspace, decided with the CLI: the page must write the same entries
  let server: ReviewServer;
  let browser: Browser;
  let context: BrowserContext;
  const keys: Record<string, string> = {};
  let articlePageUrl = '';

  beforeAll(async () => {
    ws = createWorkspace(FILES);
    twin = createWorkspace(FILES);
    await Promise.all([ws.translate(), twin.translate()]);
    for (const [name, sentence] of Object.entries({ S_SAVE, S_STALE, S_MARKUP, S_APPROVE, S_REJECT, S_CONFLICT, S_SECURITY })) keys[name] = keyOf(ws, sentence);
    // A stale entry: approved, then its source sentence changes and translate runs again.
    const approved = ws.cli('review', ['approve', 'en', ID, 'title', keys.S_STALE]);
    expect(approved.status, approved.stderr).toBe(0);
    ws.write('source/ekonomi/harga-beras.md', article(S_STALE_NEW));
    await ws.translate();
    expect(states(ws)[keys.S_STALE].status).toBe('stale');
    expect(ws.read(LOCALE_FILE)).toContain(`# was: ${S_STALE}`);
    // A missing entry: a paragraph added after the last translate run.
    ws.write('source/ekonomi/harga-beras.md', article(S_STALE_NEW, `\n${S_MISSING}\n`));
    // Both started together; whichever did start is stopped in afterAll even if the other failed.
    const started = await Promise.allSettled([startReviewServer(ws), launchBrowser()]);
    if (started[0].status === 'fulfilled') server = started[0].value;
    if (started[1].status === 'fulfilled') browser = started[1].value;
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    context = await browser.newContext();
    context.setDefaultTimeout(10_000); // generous: CI runs other suites beside this one on two cores
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    const code = await server?.stop();
    if (server) expect(code, `review serve did not stop cleanly on SIGINT; stderr: ${server.stderr()}`).toBe(0);
  });

  /** A fresh tab on the article × target page (so the page holds the file as it is on disk now). */
  async function openArticle(): Promise<Page> {
    const page = await context.newPage();
    if (articlePageUrl) {
      await page.goto(articlePageUrl);
    } else {
      await page.goto(server.url);
      await page.getByRole('link', { name: ID }).first().click();
      await page.waitForLoadState();
      // One target: the article's link may be the article × target page itself, or lead to links per target.
      if ((await page.getByRole('textbox', { name: keyName(keys.S_SAVE) }).count()) === 0) {
        await page.getByRole('link', { name: /\ben\b/ }).first().click();
      }
      await page.getByRole('textbox', { name: keyName(keys.S_SAVE) }).waitFor();
      articlePageUrl = page.url();
    }
    return page;
  }

  /**
   * The row of a segment: the textarea named with its key, and the largest element around it that
   * holds one Save button (each row has its own; whatever the row's tag or role, and other fields
   * such as a comment box may share the row).
   */
  function row(page: Page, key: string): { textbox: Locator; row: Locator; button(name: 'Save' | 'Approve' | 'Reject'): Locator } {
    const textbox = page.getByRole('textbox', { name: keyName(key) });
    const rowLocator = textbox.locator(ROW);
    return { textbox, row: rowLocator, button: (name) => rowLocator.getByRole('button', { name, exact: true }) };
  }

  it('home lists the article by its id, with counts per status, and leads to the article × target page', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    const link = page.getByRole('link', { name: ID });
    expect(await link.count()).toBeGreaterThan(0);
    // The counts after setup: title reviewed, one stale, one missing, six machine, nothing rejected.
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const [label, n] of [['machine', 6], ['reviewed', 1], ['stale', 1], ['missing', 1], ['rejected', 0]] as const) {
      expect(text, `home shows "${n} ${label}" (or "${label}: ${n}")`).toMatch(new RegExp(`\\b${n}\\s*${label}|${label}\\W{0,3}${n}\\b`, 'i'));
    }
    await page.close();
    const article = await openArticle();
    // One row per segment: a textarea per key, each showing the status as text.
    for (const key of Object.values(keys)) expect(await article.getByRole('textbox', { name: keyName(key) }).count(), key).toBe(1);
    await statusText(row(article, keys.S_SAVE).row, 'machine').waitFor();
    await statusText(row(article, keys.S_STALE).row, 'stale').waitFor();
    // The source is shown readably beside the translation.
    await row(article, keys.S_APPROVE).row.getByText(S_APPROVE).waitFor();
    // The untranslated sentence has its row too, with an empty translation.
    const missing = article.getByText(S_MISSING, { exact: true }).locator(ROW);
    await statusText(missing, 'missing').waitFor();
    expect(await missing.getByRole('textbox').inputValue()).toBe('');
    await article.close();
  });

  it('edit + Save writes the value to the locale file as a reviewed human translation, keeping the source notes', async () => {
    const page = await openArticle();
    const r = row(page, keys.S_SAVE);
    const value = 'Rice prices: soaring in "Jakarta" #1';
    await r.textbox.fill(value);
    await r.button('Save').click();
    await r.row.getByRole('status').filter({ hasText: /saved/i }).waitFor();
    await statusText(r.row, 'reviewed').waitFor();
    expect(values(ws)[keys.S_SAVE]).toBe(value);
    expect(states(ws)[keys.S_SAVE]).toMatchObject({ origin: 'human', status: 'reviewed' });
    expect(ws.read(LOCALE_FILE)).toContain(`# id: ${S_SAVE}\n${keys.S_SAVE}: `);
    // A reload shows the saved text.
    await page.reload();
    expect(await row(page, keys.S_SAVE).textbox.inputValue()).toBe(value);
    await page.close();
  });

  it('Approve keeps the text and marks it reviewed; Reject marks it for retranslation; both write what the CLI writes', async () => {
    const page = await openArticle();
    const before = values(ws);
    const approve = row(page, keys.S_APPROVE);
    await approve.button('Approve').click();
    await approve.row.getByRole('status').filter({ hasText: /approved/i }).waitFor();
    await statusText(approve.row, 'reviewed').waitFor();
    const reject = row(page, keys.S_REJECT);
    await reject.button('Reject').click();
    await reject.row.getByRole('status').filter({ hasText: /rejected/i }).waitFor();
    await statusText(reject.row, 'rejected').waitFor();
    await page.close();

    expect(values(ws)[keys.S_APPROVE]).toBe(before[keys.S_APPROVE]);
    expect(states(ws)[keys.S_APPROVE]).toMatchObject({ status: 'reviewed', origin: 'pseudo' });
    expect(states(ws)[keys.S_REJECT]).toMatchObject({ status: 'rejected' });

    expect(twin.cli('review', ['approve', 'en', ID, keys.S_APPROVE]).status).toBe(0);
    expect(twin.cli('review', ['reject', 'en', ID, keys.S_REJECT]).status).toBe(0);
    for (const key of [keys.S_APPROVE, keys.S_REJECT]) {
      expect(stateLine(ws.read(STATE_FILE), key), `state of ${key}`).toBe(stateLine(twin.read(STATE_FILE), key));
      expect(values(ws)[key], `value of ${key}`).toBe(values(twin)[key]);
    }
  });

  it('a stale entry shows the previous and the new source with a word diff, and its machine suggestion is insertable', async () => {
    const page = await openArticle();
    const r = row(page, keys.S_STALE);
    await statusText(r.row, 'stale').waitFor();
    await r.row.locator('del').filter({ hasText: 'pagi' }).first().waitFor();
    await r.row.locator('ins').filter({ hasText: 'kemarin' }).first().waitFor();
    expect(await r.row.locator('del').filter({ hasText: 'Pedagang' }).count(), 'unchanged words are not marked removed').toBe(0);
    const human = await r.textbox.inputValue();
    const suggestion = /# suggestion \([^)]*\): (.*)/.exec(ws.read(LOCALE_FILE))?.[1];
    expect(suggestion, 'translate wrote a machine suggestion for the stale entry').toBeTruthy();
    await r.row.getByRole('button', { name: 'Use suggestion' }).click();
    expect(await r.textbox.inputValue()).toBe(suggestion);
    expect(await r.textbox.inputValue()).not.toBe(human);
    expect(values(ws)[keys.S_STALE], 'inserting does not save').toBe(human);
    await page.close();
  });

  it('the keyboard shortcuts the page lists move between entries and approve the focused one', async () => {
    const page = await openArticle();
    const shortcuts = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(shortcuts, 'the page lists its shortcuts').toMatch(/Alt ?\+ ?↓ next entry.*Alt ?\+ ?↑ previous entry.*Ctrl ?\+ ?Enter approve/);
    const [first, second] = [row(page, keys.S_MARKUP), row(page, keys.S_APPROVE)];
    await first.textbox.focus();
    await page.keyboard.press('Alt+ArrowDown');
    expect(await second.textbox.evaluate((el) => el === document.activeElement), 'Alt+↓ focuses the next entry').toBe(true);
    await page.keyboard.press('Alt+ArrowUp');
    expect(await first.textbox.evaluate((el) => el === document.activeElement), 'Alt+↑ focuses the previous entry').toBe(true);
    await page.keyboard.press('Control+Enter');
    await first.row.getByRole('status').filter({ hasText: /approved/i }).waitFor();
    expect(states(ws)[keys.S_MARKUP]).toMatchObject({ status: 'reviewed' });
    await page.close();
  });

  it('the filter shows only entries needing attention', async () => {
    const page = await openArticle();
    await page.getByRole('checkbox', { name: 'Only entries needing attention' }).check();
    await row(page, keys.S_STALE).textbox.waitFor({ state: 'visible' });
    await page.getByRole('textbox', { name: keyName('title') }).waitFor({ state: 'hidden' }); // reviewed in setup
    await page.close();
  });

  it('Save refuses with a conflict when the locale file changed on disk after the page loaded; the disk text stays', async () => {
    const page = await openArticle();
    const disk = 'Warehouse stock was changed on disk.';
    ws.write(LOCALE_FILE, ws.read(LOCALE_FILE).replace(new RegExp(`^${escapeRe(keys.S_CONFLICT)}: .*$`, 'm'), `${keys.S_CONFLICT}: ${disk}`));
    const onDisk = ws.read(LOCALE_FILE);
    const r = row(page, keys.S_CONFLICT);
    await r.textbox.fill('Warehouse stock typed in the page.');
    await r.button('Save').click();
    const alert = r.row.getByRole('alert').filter({ hasText: /conflict/i });
    await alert.waitFor();
    const message = await alert.innerText();
    expect(message, 'the conflict shows both versions').toContain(disk);
    expect(message).toContain('Warehouse stock typed in the page.');
    expect(ws.read(LOCALE_FILE)).toBe(onDisk);
    await page.close();
  });

  it('Save on an unchanged row shows "no change" and writes nothing: the machine entry stays machine (issue 15)', async () => {
    const page = await openArticle();
    const before = { values: ws.read(LOCALE_FILE), states: ws.read(STATE_FILE) };
    const r = row(page, keys.S_SECURITY);
    await statusText(r.row, 'machine').waitFor();
    await r.button('Save').click();
    await r.row.getByRole('status').filter({ hasText: /no change/i }).waitFor();
    await statusText(r.row, 'machine').waitFor();
    expect(ws.read(LOCALE_FILE)).toBe(before.values);
    expect(ws.read(STATE_FILE)).toBe(before.states);
    expect(states(ws)[keys.S_SECURITY]).toMatchObject({ status: 'machine', origin: 'pseudo' });
    await page.close();
  });

  it('an Approve conflict shows the text on disk, and no "On disk" line when the disk has none (issue 15)', async () => {
    const page = await openArticle();
    const original = ws.read(LOCALE_FILE);
    const disk = 'Warehouse stock, changed on disk again.';
    try {
      ws.write(LOCALE_FILE, original.replace(new RegExp(`^${escapeRe(keys.S_CONFLICT)}: .*$`, 'm'), `${keys.S_CONFLICT}: ${disk}`));
      const r = row(page, keys.S_CONFLICT);
      await r.button('Approve').click();
      const alert = r.row.getByRole('alert').filter({ hasText: /conflict/i });
      await alert.waitFor();
      expect(await alert.innerText()).toContain(`On disk: ${disk}`);
      // The entry is gone from the file on disk (a git pull removed it): no disk text, and the page claims none.
      ws.write(LOCALE_FILE, original.replace(new RegExp(`^${escapeRe(keys.S_REJECT)}: .*\n`, 'm'), ''));
      expect(values(ws)[keys.S_REJECT]).toBeUndefined();
      const other = row(page, keys.S_REJECT);
      await other.button('Approve').click();
      const second = other.row.getByRole('alert').filter({ hasText: /conflict/i });
      await second.waitFor();
      expect(await second.innerText()).not.toMatch(/On disk|no such entry/);
    } finally {
      ws.write(LOCALE_FILE, original);
    }
    await page.close();
  });

  it('a save with broken markup shows the problem and writes nothing', async () => {
    const page = await openArticle();
    const before = { values: ws.read(LOCALE_FILE), states: ws.read(STATE_FILE) };
    const r = row(page, keys.S_MARKUP);
    await r.textbox.fill('The government promises **to lower prices next week.'); // the bold is not closed
    await r.button('Save').click();
    const alert = r.row.getByRole('alert');
    await alert.filter({ hasText: /\S/ }).waitFor();
    expect(await alert.innerText()).not.toMatch(/conflict/i);
    expect(await r.row.getByRole('status').filter({ hasText: /saved/i }).count()).toBe(0);
    expect(ws.read(LOCALE_FILE)).toBe(before.values);
    expect(ws.read(STATE_FILE)).toBe(before.states);
    await page.close();
  });

  it('write requests with a foreign Origin, no token, or an article outside the workspace are refused (4xx), and write nothing', async () => {
    const page = await openArticle();
    // Capture the page's own Approve request (whatever its URL and body) and answer it ourselves.
    let captured: Request | undefined;
    await page.route('**/*', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      captured = route.request();
      return route.abort();
    });
    await row(page, keys.S_SECURITY).button('Approve').click();
    await expect.poll(() => captured, { timeout: 5_000 }).toBeDefined();
    const request = captured as Request;
    const headers = await request.allHeaders();
    const token = await page.locator('meta[name="review-token"]').getAttribute('content');
    expect(token, 'the page carries its token in <meta name="review-token">').toBeTruthy();
    const tokenHeader = Object.keys(headers).find((name) => name.toLowerCase() === 'x-review-token');
    expect(tokenHeader, 'the page sends X-Review-Token').toBeDefined();
    const body = request.postData() ?? '';
    const send = (changes: { origin?: string | null; token?: string | null; url?: string; body?: string }) => {
      const h: Record<string, string> = { 'content-type': headers['content-type'] ?? 'application/json' };
      if (changes.origin !== null) h.origin = changes.origin ?? server.origin;
      if (changes.token !== null) h['x-review-token'] = changes.token ?? (token as string);
      return page.request.fetch(changes.url ?? request.url(), { method: 'POST', headers: h, data: changes.body ?? body, maxRedirects: 0 });
    };
    const files = () => [ws.read(LOCALE_FILE), ws.read(STATE_FILE)];
    const before = files();

    const refused: Array<[string, Parameters<typeof send>[0]]> = [
      ['foreign Origin', { origin: 'http://evil.example' }],
      ['Origin of another port', { origin: `http://127.0.0.1:${Number(new URL(server.url).port) === 1 ? 2 : 1}` }],
      ['no Origin', { origin: null }],
      ['no token', { token: null }],
      ['wrong token', { token: 'x'.repeat((token as string).length) }],
    ];
    for (const [what, changes] of refused) {
      const response = await send(changes);
      expect(response.status(), `${what}: ${await response.text()}`).toBe(403);
    }
    expect(body, 'the request names the article').toContain(JSON.stringify(ID).slice(1, -1));
    const escapedId = JSON.stringify(ID).slice(1, -1);
    for (const evil of ['../../translate.config', '../../../../etc/passwd', '/etc/passwd', 'ekonomi/../../outside', 'ekonomi\\..\\..\\outside']) {
      const response = await send({ body: body.replace(escapedId, JSON.stringify(evil).slice(1, -1)) });
      expect(response.status(), `article ${evil}: ${await response.text()}`).toBeGreaterThanOrEqual(400);
      expect(response.status(), `article ${evil}`).toBeLessThan(500);
    }
    for (const evil of ['../id', 'xx']) {
      const response = await send({ body: body.replace(/"locale":"en"/, `"locale":${JSON.stringify(evil)}`) });
      expect(response.status(), `locale ${evil}: ${await response.text()}`).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
    }
    expect(files(), 'no refused request wrote anything').toEqual(before);

    // Reading: an article page outside the workspace is refused too.
    const encodedId = articlePageUrl.includes(ID) ? ID : encodeURIComponent(ID);
    expect(articlePageUrl, 'the article page URL names the article').toContain(encodedId);
    for (const evil of ['..%2F..%2F..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', '..%2Ftranslate.config']) {
      const response = await page.request.get(articlePageUrl.replace(encodedId, evil), { maxRedirects: 0 });
      expect(response.status(), `GET ${evil}`).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
      expect(await response.text()).not.toContain('root:x:0:0');
    }

    // The control: the same request with the page's token and Origin is accepted and writes.
    const accepted = await send({});
    expect(accepted.status(), await accepted.text()).toBe(200);
    expect(states(ws)[keys.S_SECURITY]).toMatchObject({ status: 'reviewed' });
    await page.close();
  });

  it('the report renders in the browser: a table with source and translation side by side, stale diffs, nothing loaded from outside', async () => {
    const out = path.join(ws.dir, 'review-report.html');
    const result = ws.cli('review', ['report', '--out', out, '--config', path.join(ws.dir, 'translate.config.yaml')]);
    expect(result.status, result.stderr).toBe(0);
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!/^(file|data|about):/.test(request.url())) outside.push(request.url());
    });
    await page.goto(pathToFileURL(out).href);
    await page.getByRole('table').first().waitFor();
    const saved = values(ws)[keys.S_SAVE];
    await page.getByRole('row').filter({ hasText: S_SAVE }).filter({ hasText: saved }).first().waitFor();
    const stale = page.getByRole('row').filter({ hasText: keys.S_STALE }).first();
    await statusText(stale, 'stale').waitFor();
    await stale.locator('del').filter({ hasText: 'pagi' }).first().waitFor();
    await stale.locator('ins').filter({ hasText: 'kemarin' }).first().waitFor();
    expect(outside, 'the report is self-contained').toEqual([]);
    await page.close();
  });
});
