import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse, type EmulatorState, type HandlerResponse, type RecordedRequest } from './emulator-state.ts';
import { FaultPlan, type DeepLFaults } from './fault-plan.ts';
import { GlossaryStore } from './glossary-store.ts';
import { parseParams } from './parse-body.ts';
import { ROUTES } from './routes.ts';

/**
 * A local DeepL-compatible HTTP server for tests: the real deepl-node client talks to it through
 * `serverUrl`. It listens on 127.0.0.1 on a free port.
 *
 * Billing model (what makes exactly-once billing testable):
 * - Every injected failure except `noResponseAfterBilling` happens BEFORE billing: 429, 5xx,
 *   a destroyed socket, a request over the quota (456, rejected whole). DeepL does not bill a
 *   request it did not answer, so a client that retries these is never billed twice.
 * - A slow response waits before billing; if the client gave up meanwhile (timeout, socket
 *   closed), nothing is billed and nothing is sent (`fault: 'clientGone'`).
 * - `noResponseAfterBilling` bills and then destroys the socket. No client can avoid paying
 *   twice for that one (DeepL has no idempotency key), so it is opt-in and kept out of the
 *   exactly-once tests; a test documents the double billing it causes.
 */
export const DEFAULT_EMULATOR_KEY = 'emulator-test-key-0000:fx';

export const MAX_TEXTS = 50;
export const MAX_BODY_BYTES = 128 * 1024;

export interface DeepLEmulatorOptions {
  /** Keys accepted in `Authorization: DeepL-Auth-Key …` (default `[DEFAULT_EMULATOR_KEY]`). */
  authKeys?: string[];
  faults?: DeepLFaults;
  /** `character_limit` of `/v2/usage` and the quota when no `quotaCharacters` fault is set. */
  characterLimit?: number;
  /** Let the fake MT move one tag pair per text (default true). */
  reorderTags?: boolean;
}

export interface DeepLEmulator {
  /** Base URL for deepl-node's `serverUrl`. */
  url: string;
  /** Every request received, in arrival order (live array). */
  requests: RecordedRequest[];
  /** Total characters billed so far. */
  readonly billedCharacters: number;
  /** The most requests the emulator was handling at the same time. */
  readonly maxConcurrentRequests: number;
  /** The `/v2/translate` requests only. */
  translateRequests(): RecordedRequest[];
  glossaries: GlossaryStore;
  /**
   * Hold the `/v2/translate` requests `match` picks (given the request and the auth key it came
   * with), before any fault or billing, until `release()`: a test can kill a client while the
   * emulator holds one of its requests. A held request whose client went away is not billed
   * (`fault: 'clientGone'`), as DeepL does not bill what it never answered.
   */
  hold(match: (request: RecordedRequest, authKey: string) => boolean): EmulatorHold;
  /** Replace the fault plan (its counters and PRNG start afresh). */
  setFaults(faults: DeepLFaults): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

/** Requests held by `DeepLEmulator.hold`. */
export interface EmulatorHold {
  /** The requests held so far (live array). */
  held: RecordedRequest[];
  /** Resolves when the first matching request is held. */
  first: Promise<RecordedRequest>;
  /** Let every held request (and later matching ones) go on; idempotent. */
  release(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: HandlerResponse): void {
  if (response.body === undefined) {
    res.writeHead(response.status).end();
    return;
  }
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, { 'Content-Type': response.contentType ?? 'application/json' }).end(text);
}

export async function startDeepLEmulator(options: DeepLEmulatorOptions = {}): Promise<DeepLEmulator> {
  const authKeys = new Set(options.authKeys ?? [DEFAULT_EMULATOR_KEY]);
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const holds: Array<{ match: (request: RecordedRequest, authKey: string) => boolean; hold: EmulatorHold; released: boolean; waiting: Array<() => void>; onFirst: (r: RecordedRequest) => void }> = [];
  const state: EmulatorState = {
    glossaries: new GlossaryStore(),
    plan: new FaultPlan(options.faults),
    billedCharacters: 0,
    characterLimit: options.characterLimit ?? 500_000,
    reorderTags: options.reorderTags ?? true,
    maxTexts: MAX_TEXTS,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const record: RecordedRequest = {
      seq: requests.length + 1,
      method,
      path: url.pathname,
      status: 0,
      authorized: false,
      params: {},
      texts: [],
      bodyBytes: body.length,
      billedCharacters: 0,
    };
    requests.push(record);
    const reply = (response: HandlerResponse) => {
      record.status = response.status;
      send(res, response);
    };
    const hangUp = (fault: RecordedRequest['fault']) => {
      record.fault = fault;
      record.status = 0;
      req.socket.destroy();
    };

    const auth = /^DeepL-Auth-Key (.+)$/.exec(req.headers.authorization ?? '');
    record.authorized = auth !== null && authKeys.has(auth[1]);
    if (!record.authorized) return reply(errorResponse(403, 'Authorization failure, check your auth key'));

    try {
      record.params = parseParams(req.headers['content-type'], body.toString('utf8'), url.searchParams);
    } catch {
      return reply(errorResponse(400, 'Invalid request body'));
    }

    const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route) return reply(errorResponse(404, 'Not found'));

    for (const gate of holds) {
      if (gate.released || url.pathname !== '/v2/translate' || !gate.match(record, auth![1])) continue;
      gate.hold.held.push(record);
      gate.onFirst(record);
      await new Promise<void>((resolve) => (gate.released ? resolve() : gate.waiting.push(resolve)));
      if (res.destroyed || req.socket.destroyed) return hangUp('clientGone');
    }

    const plan = state.plan;
    const faulty = plan.appliesTo(url.pathname);
    if (faulty) {
      const slow = plan.faults.slow;
      if (slow && plan.picks('slow')) {
        record.fault = 'slow';
        await sleep(slow.ms);
        if (res.destroyed || req.socket.destroyed) return hangUp('clientGone');
      }
      if (plan.picks('noResponse')) return hangUp('noResponse');
      if (plan.overRate(Date.now())) {
        record.fault = 'rateLimit';
        return reply(errorResponse(429, 'Too many requests'));
      }
      if (plan.picks('tooManyRequests')) {
        record.fault = 'tooManyRequests';
        return reply(errorResponse(429, 'Too many requests'));
      }
      if (plan.picks('serverError')) {
        record.fault = 'serverError';
        return reply(errorResponse(plan.faults.serverError?.status ?? 503, 'Service temporarily unavailable'));
      }
    }
    if (body.length > MAX_BODY_BYTES) return reply(errorResponse(413, 'Request Entity Too Large'));

    const response = route.handler({ method, path: url.pathname, params: record.params, match: url.pathname.match(route.pattern) as RegExpMatchArray, record }, state);
    if (faulty && response.status < 300 && plan.picks('noResponseAfterBilling')) return hangUp('noResponseAfterBilling');
    reply(response);
  }

  const server = createServer((req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    handle(req, res)
      .catch(() => {
        if (!res.headersSent) send(res, errorResponse(500, 'Internal emulator error'));
      })
      .finally(() => inFlight--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get billedCharacters() {
      return state.billedCharacters;
    },
    get maxConcurrentRequests() {
      return maxInFlight;
    },
    translateRequests: () => requests.filter((r) => r.path === '/v2/translate'),
    glossaries: state.glossaries,
    hold(match) {
      let onFirst: (r: RecordedRequest) => void = () => {};
      const first = new Promise<RecordedRequest>((resolve) => (onFirst = resolve));
      const gate = {
        match,
        released: false,
        waiting: [] as Array<() => void>,
        onFirst: (r: RecordedRequest) => onFirst(r),
        hold: {
          held: [] as RecordedRequest[],
          first,
          release() {
            gate.released = true;
            for (const resume of gate.waiting.splice(0)) resume();
          },
        },
      };
      holds.push(gate);
      return gate.hold;
    },
    setFaults(faults) {
      state.plan = new FaultPlan(faults);
    },
    clearFaults() {
      state.plan = new FaultPlan();
    },
    stop() {
      for (const gate of holds) gate.hold.release();
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
