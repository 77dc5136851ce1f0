import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAnswer } from './answer-faults.ts';
import { ChatRequestError, instructionTexts, readChatRequest, type ChatRequestView } from './chat-request.ts';
import { emulatorTranslate } from './emulator-translate.ts';
import { FaultPlan, type LlmFaults } from './fault-plan.ts';
import { parseGlossaryLines } from './glossary-lines.ts';
import * as errors from './openai-errors.ts';
import { emptyTotals, type LlmRequestRecord, type LlmTotals, type Usage } from './request-log.ts';
import { countTokens, promptTokensOf, truncateToTokens } from './tokens.ts';

/**
 * A local OpenAI-compatible Chat Completions server for tests and demos, on 127.0.0.1. The
 * official `openai` client talks to it with `baseURL: emulator.url` and `apiKey: emulator.apiKey`.
 * See README.md in this folder for the protocol, the faults and the failure modes.
 *
 * Billing model: only a 200 answer is billed (and `noResponseAfterBilling`, which bills then
 * hangs up); every other fault (401/403, 429, 5xx, a destroyed socket, 400 context length or
 * unsupported json_schema, a client gone during a slow answer) is decided before billing.
 */
export const DEFAULT_API_KEY = 'test-key';
export const DEFAULT_MODEL = 'emulator-translate';
export const DEFAULT_MAX_CONTEXT_TOKENS = 128_000;

export interface LlmEmulatorOptions {
  /** The key accepted as `Authorization: Bearer <key>` (or Azure's `api-key` header). Default `test-key`. */
  apiKey?: string;
  /** Keys that authenticate but are answered 403 `permission_denied` (a key without access to the model). */
  forbiddenKeys?: string[];
  /** The model listed by `GET /v1/models` (default `emulator-translate`). */
  model?: string;
  /** Answer 404 `model_not_found` for any other model name (default false: any name is served). */
  strictModel?: boolean;
  /** Prompt tokens above this → 400 `context_length_exceeded` (default 128,000). */
  maxContextTokens?: number;
  /** Whether `response_format: {type:'json_schema'}` is supported (default true; false → 400). */
  jsonSchema?: boolean;
  faults?: LlmFaults;
  /** Port on 127.0.0.1 (default 0: a free port). */
  port?: number;
  /** Called once per request with its final record (the CLI prints it). */
  onRequest?: (record: LlmRequestRecord) => void;
}

/** Settings that can be changed on a running emulator. */
export interface LlmEmulatorSettings {
  maxContextTokens: number;
  jsonSchema: boolean;
}

export interface LlmEmulator {
  /** Base URL for the `openai` client: `http://127.0.0.1:PORT/v1`. */
  url: string;
  port: number;
  apiKey: string;
  model: string;
  /** Every request received, in arrival order (a live array; never holds the key). */
  log: LlmRequestRecord[];
  /** The chat-completion records of the log. */
  chatRequests(): LlmRequestRecord[];
  /** A copy of the running totals. */
  totals(): LlmTotals;
  /** The most requests handled at the same time so far. */
  readonly maxConcurrentRequests: number;
  /** Replace the faults (their counters, `times` and PRNG start afresh). */
  setFaults(faults: LlmFaults): void;
  /** Change `maxContextTokens` and/or `jsonSchema`. */
  configure(settings: Partial<LlmEmulatorSettings>): void;
  /** Empty the log and the totals and remove every fault; key, model and settings stay. */
  reset(): void;
  /** Stop listening and drop open connections. Idempotent. */
  close(): Promise<void>;
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

function keyOf(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const azure = req.headers['api-key'];
  return typeof azure === 'string' ? azure : undefined;
}

const CHAT_PATH = /(?:^|\/)chat\/completions$/;
const MODELS_PATH = /(?:^|\/)models(?:\/([^/]+))?$/;

/** Start an emulator on 127.0.0.1 (see `LlmEmulatorOptions`); resolves once it listens. */
export async function startLlmEmulator(options: LlmEmulatorOptions = {}): Promise<LlmEmulator> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const forbidden = new Set(options.forbiddenKeys ?? []);
  const model = options.model ?? DEFAULT_MODEL;
  const settings: LlmEmulatorSettings = {
    maxContextTokens: options.maxContextTokens ?? DEFAULT_MAX_CONTEXT_TOKENS,
    jsonSchema: options.jsonSchema ?? true,
  };
  let plan = new FaultPlan(options.faults);
  let answerSeen = new Map<string, number>();
  const log: LlmRequestRecord[] = [];
  let totals = emptyTotals();
  let inFlight = 0;
  let maxInFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse, record: LlmRequestRecord): Promise<void> {
    const body = await readBody(req);
    const method = record.method;
    const headers: OutgoingHttpHeaders = { 'x-request-id': `req_emulator_${record.seq}` };
    const reply = (status: number, json: unknown, extra: OutgoingHttpHeaders = {}) => {
      record.status = status;
      res.writeHead(status, { ...headers, ...extra, 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const hangUp = (fault: LlmRequestRecord['fault']) => {
      record.fault = fault;
      record.status = 0;
      req.socket.destroy();
    };

    const isChat = CHAT_PATH.test(record.path);
    const models = MODELS_PATH.exec(record.path);
    if (isChat && method === 'POST') totals.requests++;

    const key = keyOf(req);
    record.authorized = key !== undefined && (key === apiKey || forbidden.has(key));
    if (!record.authorized) return reply(401, errors.invalidApiKey());
    if (forbidden.has(key as string)) return reply(403, errors.permissionDenied());

    if (models && method === 'GET') {
      const entry = { id: model, object: 'model', created: 0, owned_by: 'llm-emulator' };
      if (models[1] === undefined) return reply(200, { object: 'list', data: [entry] });
      if (decodeURIComponent(models[1]) === model) return reply(200, entry);
      return reply(404, errors.openAiError(`The model '${decodeURIComponent(models[1])}' does not exist`, 'invalid_request_error', 'model_not_found', 'model'));
    }
    if (!isChat || method !== 'POST') return reply(404, errors.openAiError(`Invalid URL (${method} ${record.path})`, 'invalid_request_error'));

    let request: ChatRequestView;
    try {
      request = readChatRequest(JSON.parse(body.toString('utf8')));
    } catch (error) {
      if (error instanceof ChatRequestError) return reply(400, errors.badRequest(error.message, error.param));
      return reply(400, errors.badRequest('We could not parse the JSON body of your request.'));
    }
    record.model = request.model;
    record.responseFormat = request.responseFormat;
    record.messages = request.messages.map((m) => ({ ...m }));
    record.segments = request.segments ?? {};
    record.ids = Object.keys(record.segments);
    const glossary = parseGlossaryLines(instructionTexts(request));
    record.glossary = [...glossary];
    record.promptTokens = promptTokensOf(request.messages.map((m) => m.content));

    const target = { seq: record.seq, request };
    const slow = plan.faults.slow;
    if (slow && plan.picks('slow', target)) {
      record.fault = 'slow';
      await sleep(slow.ms);
      if (res.destroyed || req.socket.destroyed) return hangUp('clientGone');
    }
    if (plan.picks('noResponse', target)) return hangUp('noResponse');
    if (plan.picks('forbidden', target)) {
      record.fault = 'forbidden';
      return reply(403, errors.permissionDenied());
    }
    if (plan.picks('rateLimit', target)) {
      record.fault = 'rateLimit';
      const seconds = plan.faults.rateLimit?.retryAfterSeconds ?? 1;
      return reply(429, errors.rateLimited(60), {
        'retry-after': String(seconds),
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${seconds}s`,
        ...(plan.faults.rateLimit?.retryAfterMs !== undefined ? { 'retry-after-ms': String(plan.faults.rateLimit.retryAfterMs) } : {}),
      });
    }
    if (plan.picks('serverError', target)) {
      record.fault = 'serverError';
      return reply(plan.faults.serverError?.status ?? 503, errors.serverError());
    }
    if (plan.picks('badRequest', target)) {
      record.fault = 'badRequest';
      const fault = plan.faults.badRequest;
      return reply(fault?.status ?? 400, errors.badRequest(fault?.message ?? "Unrecognized request argument supplied: 'temperature_x'", fault?.param ?? null));
    }

    if (request.model === undefined) return reply(400, errors.badRequest('you must provide a model parameter', 'model'));
    if (options.strictModel && request.model !== model)
      return reply(404, errors.openAiError(`The model '${request.model}' does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model'));
    if (request.stream) return reply(400, errors.badRequest('The emulator does not stream; send stream: false.', 'stream'));
    if (request.segments === undefined)
      return reply(
        400,
        errors.badRequest('Emulator protocol: the last user message must be ONE JSON object mapping segment ids to source strings.', 'messages'),
      );
    if (request.responseFormat === 'json_schema' && !settings.jsonSchema) {
      record.fault = 'jsonSchemaUnsupported';
      return reply(400, errors.jsonSchemaUnsupported());
    }
    if (record.promptTokens > settings.maxContextTokens) {
      record.fault = 'contextLength';
      return reply(400, errors.contextLengthExceeded(settings.maxContextTokens, record.promptTokens));
    }

    const answer = buildAnswer(request.segments, (text) => emulatorTranslate(text, glossary), plan.faults.answers ?? [], answerSeen);
    record.answerFaults = answer.hits;
    let content = answer.content;
    let finishReason: 'stop' | 'length' = 'stop';
    let completion = countTokens(content);
    if (request.maxCompletionTokens !== undefined && completion > request.maxCompletionTokens) {
      content = truncateToTokens(content, request.maxCompletionTokens);
      completion = countTokens(content);
      finishReason = 'length';
    }
    const usage: Usage = { prompt_tokens: record.promptTokens, completion_tokens: completion, total_tokens: record.promptTokens + completion };
    record.usage = usage;
    record.finishReason = finishReason;
    totals.billedRequests++;
    totals.promptTokens += usage.prompt_tokens;
    totals.completionTokens += usage.completion_tokens;
    totals.totalTokens += usage.total_tokens;
    if (plan.picks('noResponseAfterBilling', target)) return hangUp('noResponseAfterBilling');
    reply(200, {
      id: `chatcmpl-emulator-${record.seq}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      system_fingerprint: 'fp_llm_emulator',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finishReason }],
      usage,
    });
  }

  const server = createServer((req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: LlmRequestRecord = {
      seq: log.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      authorized: false,
      messages: [],
      ids: [],
      segments: {},
      glossary: [],
      promptTokens: 0,
      answerFaults: [],
    };
    log.push(record);
    handle(req, res, record)
      .catch(() => {
        if (!res.headersSent) {
          record.status = 500;
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(errors.openAiError('Internal emulator error', 'server_error')));
        }
      })
      .finally(() => {
        inFlight--;
        options.onRequest?.(record);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    apiKey,
    model,
    log,
    chatRequests: () => log.filter((r) => r.method === 'POST' && CHAT_PATH.test(r.path)),
    totals: () => ({ ...totals }),
    get maxConcurrentRequests() {
      return maxInFlight;
    },
    setFaults(faults) {
      plan = new FaultPlan(faults);
      answerSeen = new Map();
    },
    configure(changes) {
      Object.assign(settings, changes);
    },
    reset() {
      log.length = 0;
      totals = emptyTotals();
      plan = new FaultPlan();
      answerSeen = new Map();
      maxInFlight = inFlight;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
