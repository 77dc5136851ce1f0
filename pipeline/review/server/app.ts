import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../config/load-config.ts';
import type { SentenceSplitter } from '../../markdown/block-segments.ts';
import { LocaleFileError } from '../../locale/locale-file.ts';
import { LockedError } from '../../cli/workspace-lock.ts';
import { ReviewError, type ReviewAction } from '../apply-review.ts';
import { loadReviewTarget } from '../review-entries.ts';
import { homeSummary } from './home-summary.ts';
import { saveValue } from '../save-value.ts';
import { recordDecision } from '../record-decision.ts';
import { renderErrorPage, renderHome, renderTargetPage } from './pages.ts';
import { TOKEN_HEADER, type ReviewSecurity } from './security.ts';

/** The largest write request body accepted (bytes): a translation of one segment is far smaller. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface ReviewAppOptions {
  security: ReviewSecurity;
  split: SentenceSplitter;
  /** Warnings (a damaged memory moved aside); never sent to the page. */
  warn: (message: string) => void;
}

/** A write request's JSON body. */
interface WriteBody {
  locale: string;
  article: string;
  key: string;
  value?: string;
  fileHash?: string;
}

/**
 * The review server's routes (Hono):
 * - `GET /`: home, articles × targets with status counts (a target whose locale file is broken: its problem);
 * - `GET /review/:locale/:article…`: the article × target page (404 for an unknown locale or article);
 * - `POST /api/save` `{ locale, article, key, value, fileHash }`: `saveValue` → 200 `{ outcome: 'saved', status, fileHash }`
 *   (the value on disk already: 200 `{ outcome: 'no change', unchanged: true, fileHash }`, nothing written),
 *   409 `{ message: 'conflict…', conflict: { disk, yours } }`, 422 `{ message, problems }`;
 * - `POST /api/approve|reject` `{ locale, article, key, fileHash? }`: `applyReview` (the CLI's path) →
 *   200 `{ outcome: 'approved'|'rejected', status, fileHash }`, 409 `{ message, conflict: { disk? } }` on a changed file.
 * Every request needs a `Host` naming this server (else 403); writes need `X-Review-Token` and a
 * same-origin `Origin` (else 403). Errors answer `{ message }`: 400 bad body, 404 unknown locale,
 * article, 400 unknown key or an entry not translated yet (approve/reject), 423 the workspace is locked by a
 * run, 422 a broken locale file, 413 a body over MAX_BODY_BYTES (256 KiB; refused before it is read whole).
 */
export function createReviewApp(config: Config, options: ReviewAppOptions): Hono {
  const { security } = options;
  const app = new Hono();

  app.use('*', async (c, next) => {
    const nonce = randomBytes(16).toString('base64');
    c.set('nonce' as never, nonce as never);
    if (!security.hostAllowed(c.req.header('host'))) return c.text('403: unknown Host (open the address the server printed)', 403);
    await next();
    c.header('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
  });
  const nonceOf = (c: Context) => c.get('nonce' as never) as string;

  app.get('/', (c) => c.html(renderHome(homeSummary(config), config.targets.map((t) => t.locale), { nonce: nonceOf(c), workspace: config.root })));

  app.get('/review/:locale/:article{.+}', (c) => {
    const target = loadReviewTarget(config, c.req.param('locale'), c.req.param('article'));
    return c.html(renderTargetPage(target, { nonce: nonceOf(c), token: security.token }));
  });

  app.use(
    '/api/*',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ message: `the request is too large (over ${MAX_BODY_BYTES / 1024} KiB): a translation of one segment is far shorter; nothing was saved` }, 413) }),
  );

  app.post('/api/:action{save|approve|reject}', async (c) => {
    const refusal = security.writeRefusal({ host: c.req.header('host'), origin: c.req.header('origin'), token: c.req.header(TOKEN_HEADER) });
    if (refusal) return c.json({ message: refusal }, 403);
    const body = await readBody(c);
    if (typeof body === 'string') return c.json({ message: body }, 400);
    const action = c.req.param('action') as 'save' | ReviewAction;
    // Locale and article checked against the workspace first: unknown ones are 404, as pages are.
    loadReviewTarget(config, body.locale, body.article);
    try {
      return await write(c, action, body);
    } catch (error) {
      // The article exists: what is left (an unknown key, an entry not translated yet) is the request's fault.
      if (error instanceof ReviewError) return c.json({ message: error.message }, 400);
      throw error;
    }
  });

  async function write(c: Context, action: 'save' | ReviewAction, body: WriteBody): Promise<Response> {
    if (action === 'save') {
      if (typeof body.value !== 'string') return c.json({ message: 'value (a string) is required to save' }, 400);
      if (typeof body.fileHash !== 'string') return c.json({ message: 'fileHash (the hash of the locale file the page loaded) is required to save' }, 400);
      const outcome = saveValue(config, body.locale, body.article, body.key, body.value, body.fileHash, options.split);
      if ('conflict' in outcome) return c.json({ message: 'conflict: the locale file changed on disk since this page loaded it (a git pull, another tab, a translate run); nothing was saved. Copy your text, reload the page and apply it again.', conflict: outcome.conflict }, 409);
      if ('problems' in outcome) return c.json({ message: 'not saved: the translation would break the markup of the source', problems: outcome.problems }, 422);
      if (outcome.unchanged) return c.json({ outcome: 'no change', unchanged: true, fileHash: outcome.fileHash });
      return c.json({ outcome: 'saved', status: 'reviewed', fileHash: outcome.fileHash });
    }
    const outcome = await recordDecision(config, action, body.locale, body.article, body.key, body.fileHash, options.split, options.warn);
    if ('conflict' in outcome) return c.json({ message: `conflict: the locale file changed on disk since this page loaded it; nothing was ${action === 'approve' ? 'approved' : 'rejected'}. Reload the page to see the text as it is now.`, conflict: outcome.conflict }, 409);
    return c.json({ outcome: action === 'approve' ? 'approved' : 'rejected', status: action === 'approve' ? 'reviewed' : 'rejected', fileHash: outcome.fileHash });
  }

  app.notFound((c) => (c.req.method === 'GET' ? c.html(renderErrorPage(404, `no page ${c.req.path}`, { nonce: nonceOf(c) }), 404) : c.json({ message: 'not found' }, 404)));

  app.onError((error, c) => {
    const [status, message] =
      error instanceof ReviewError ? [404, error.message] : error instanceof LockedError ? [423, error.message] : error instanceof LocaleFileError ? [422, error.message] : [500, 'internal error: see the server log'];
    if (status === 500) options.warn(`review server: ${(error as Error).stack ?? String(error)}`);
    if (c.req.method === 'GET') return c.html(renderErrorPage(status, message, { nonce: nonceOf(c) ?? '' }), status as 404);
    return c.json({ message }, status as 404);
  });
  return app;
}

async function readBody(c: Context): Promise<WriteBody | string> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) return 'the body must be JSON (Content-Type: application/json)';
  let data: unknown;
  try {
    data = await c.req.json();
  } catch {
    return 'the body is not valid JSON';
  }
  const body = data as Partial<WriteBody> | null;
  if (!body || typeof body !== 'object' || typeof body.locale !== 'string' || typeof body.article !== 'string' || typeof body.key !== 'string') return 'the body needs locale, article and key (strings)';
  if (body.fileHash !== undefined && typeof body.fileHash !== 'string') return 'fileHash must be a string';
  return body as WriteBody;
}
