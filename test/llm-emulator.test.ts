import OpenAI, { APIError } from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  billedSourceCounts,
  countTokens,
  emulatorTranslate,
  parseGlossaryLines,
  promptTokensOf,
  startLlmEmulator,
  type AnswerFault,
  totalsOf,
  type LlmEmulator,
} from './llm-emulator/index.ts';

let emulator: LlmEmulator;
let client: OpenAI;
beforeEach(async () => {
  emulator = await startLlmEmulator();
  client = new OpenAI({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0 });
});
afterEach(async () => {
  await emulator.close();
});

const SYSTEM = 'You translate Indonesian news into English. Answer with ONE JSON object with exactly the same ids.';

function schemaFormat(ids: string[]) {
  return {
    type: 'json_schema' as const,
    json_schema: {
      name: 'translations',
      strict: true,
      schema: { type: 'object', properties: Object.fromEntries(ids.map((id) => [id, { type: 'string' }])), required: ids, additionalProperties: false },
    },
  };
}

interface Ask {
  glossary?: string[];
  format?: 'json_schema' | 'json_object';
  maxTokens?: number;
  c?: OpenAI;
}

/** One request in the protocol's shape: instructions, glossary lines, then the segments object. */
function ask(segments: Record<string, string>, { glossary = [], format = 'json_schema', maxTokens, c = client }: Ask = {}) {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM }];
  if (glossary.length > 0) messages.push({ role: 'user', content: `Glossary (source → target):\n${glossary.join('\n')}` });
  messages.push({ role: 'user', content: JSON.stringify(segments) });
  return c.chat.completions.create({
    model: emulator.model,
    messages,
    response_format: format === 'json_schema' ? schemaFormat(Object.keys(segments)) : { type: 'json_object' },
    ...(maxTokens !== undefined ? { max_completion_tokens: maxTokens } : {}),
  });
}

const contentOf = (completion: OpenAI.Chat.ChatCompletion) => completion.choices[0].message.content as string;
const answerOf = (completion: OpenAI.Chat.ChatCompletion) => JSON.parse(contentOf(completion)) as Record<string, string>;

const SEGMENTS = {
  '1': 'Presiden <g1>Joko</g1> tiba di Jakarta pada tahun 2024.',
  '2': 'Harga beras naik 3,5 persen &amp; pasar <x1/> ramai.',
  '3': 'Bank Indonesia menahan suku bunga.',
};

describe('LLM emulator: protocol', () => {
  it('round-trips the ids with deterministic translations, tags and entities kept', async () => {
    const completion = await ask(SEGMENTS);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(emulator.model);
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(answerOf(completion)).toEqual({
      '1': 'President <g1>Joko</g1> tiba in Jakarta on year 2024.',
      '2': 'Price beras naik 3,5 percent &amp; market <x1/> ramai.',
      // Prose the dictionary cannot touch still comes back changed, as from a real model.
      '3': 'Bank Indonesia ‹menahan› ‹suku› ‹bunga›.',
    });
    for (const [id, text] of Object.entries(SEGMENTS)) expect(answerOf(completion)[id]).toBe(emulatorTranslate(text));
    expect(emulator.chatRequests()[0]).toMatchObject({ status: 200, ids: ['1', '2', '3'], responseFormat: 'json_schema', model: emulator.model });
  });

  it('applies the glossary lines of earlier messages, longest term first and whole words only', async () => {
    const glossary = ['Bank Indonesia → Bank of Indonesia', 'Bank → Lender', 'suku bunga → interest rate', 'Joko → Joko', 'harga → cost'];
    const completion = await ask(SEGMENTS, { glossary });
    const answer = answerOf(completion);
    expect(answer['3']).toBe('Bank of Indonesia menahan interest rate.');
    expect(answer['1']).toBe('President <g1>Joko</g1> tiba in Jakarta on year 2024.');
    // Case-sensitive like the DeepL emulator: "Harga" is not the term "harga", so the dictionary translates it.
    expect(answer['2']).toBe('Price beras naik 3,5 percent &amp; market <x1/> ramai.');
    expect(emulator.chatRequests()[0].glossary).toEqual(glossary.map((line) => line.split(' → ')));
    const predicted = emulatorTranslate(SEGMENTS['3'], parseGlossaryLines([glossary.join('\n')]));
    expect(predicted).toBe(answer['3']);
    expect(emulatorTranslate('Bankir Bank Indonesia', [['Bank', 'Lender']])).toBe('Bankir Lender Indonesia');
  });

  it('parses glossary lines with bullets, ignores other lines and the segments message', () => {
    const glossary = parseGlossaryLines(['Use British spelling.\n- Presiden → President\n* jfid → jfid\nA->B\nx→y']);
    expect([...glossary]).toEqual([
      ['Presiden', 'President'],
      ['jfid', 'jfid'],
    ]);
  });

  it('accepts json_object, the path without /v1, and lists the configured model', async () => {
    expect(answerOf(await ask({ a: 'Rumah besar.' }, { format: 'json_object' }))).toEqual({ a: 'House big.' });
    const bare = new OpenAI({ apiKey: emulator.apiKey, baseURL: emulator.url.replace(/\/v1$/, ''), maxRetries: 0 });
    expect(answerOf(await ask({ a: 'Rumah kecil.' }, { c: bare }))).toEqual({ a: 'House small.' });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([emulator.model]);
    expect(emulator.chatRequests().map((r) => r.path)).toEqual(['/v1/chat/completions', '/chat/completions']);
  });

  it('answers 400 when the last user message is not a JSON object of strings', async () => {
    const error = await client.chat.completions
      .create({ model: emulator.model, messages: [{ role: 'user', content: 'Terjemahkan: rumah besar' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as APIError).message).toMatch(/ONE JSON object/);
  });
});

describe('LLM emulator: tokens and usage', () => {
  it('counts words and each other non-space character as one token', () => {
    expect(countTokens('{"1":"Rumah <g1>besar</g1>."}')).toBe(18);
    expect(countTokens('Harga naik 3,5 persen.')).toBe(7);
    expect(promptTokensOf(['a b', 'c'])).toBe(3 + 2 + 3 + 1 + 3);
  });

  it('bills prompt and completion tokens by its own count; totals equal the sum of the records', async () => {
    const completion = await ask(SEGMENTS, { glossary: ['Presiden → President'] });
    const prompt = promptTokensOf([SYSTEM, 'Glossary (source → target):\nPresiden → President', JSON.stringify(SEGMENTS)]);
    expect(completion.usage).toEqual({ prompt_tokens: prompt, completion_tokens: countTokens(contentOf(completion)), total_tokens: prompt + countTokens(contentOf(completion)) });
    emulator.setFaults({ serverError: { times: 1 } });
    await expect(ask({ a: 'Rumah.' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await ask({ a: 'Rumah.' });
    const totals = emulator.totals();
    expect(totals).toEqual(totalsOf(emulator.log));
    expect(totals.requests).toBe(3);
    expect(totals.billedRequests).toBe(2);
    expect(emulator.chatRequests()[1].usage).toBeUndefined();
    expect(totals.promptTokens).toBe(emulator.chatRequests()[0].usage!.prompt_tokens + emulator.chatRequests()[2].usage!.prompt_tokens);
  });

  it('truncates at max_completion_tokens with finish_reason length, billing the truncated count', async () => {
    const completion = await ask(SEGMENTS, { maxTokens: 10 });
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(10);
    expect(() => JSON.parse(contentOf(completion))).toThrow();
  });

  it('billedSourceCounts counts each source text per billed request only', async () => {
    emulator.setFaults({ serverError: { requests: [2] } });
    await ask({ a: 'Rumah.', b: 'Kota.' });
    await expect(ask({ a: 'Rumah.' })).rejects.toThrow();
    await ask({ z: 'Rumah.' });
    expect(billedSourceCounts(emulator.log)).toEqual(
      new Map([
        ['Rumah.', 2],
        ['Kota.', 1],
      ]),
    );
  });

  it('reports how many requests it handled at once', async () => {
    emulator.setFaults({ slow: { ms: 200 } });
    await Promise.all([ask({ a: 'Rumah.' }), ask({ a: 'Kota.' }), ask({ a: 'Buku.' })]);
    expect(emulator.maxConcurrentRequests).toBe(3);
  });

  it('reset() empties the log, the totals and the faults', async () => {
    emulator.setFaults({ serverError: {} });
    await expect(ask({ a: 'Rumah.' })).rejects.toThrow();
    emulator.reset();
    expect(emulator.log).toEqual([]);
    expect(emulator.totals().requests).toBe(0);
    await ask({ a: 'Rumah.' });
    expect(emulator.chatRequests()[0]).toMatchObject({ seq: 1, status: 200 });
  });
});

describe('LLM emulator: auth and request faults', () => {
  it('401 invalid_api_key for a wrong or missing key; the key is never in the log', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-secret', baseURL: emulator.url, maxRetries: 0 });
    const error = await ask({ a: 'Rumah.' }, { c: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as APIError).code).toBe('invalid_api_key');
    expect((error as APIError).type).toBe('invalid_request_error');
    const missing = await fetch(`${emulator.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    await ask({ a: 'Rumah.' });
    const logged = JSON.stringify(emulator.log);
    expect(logged).not.toContain('sk-wrong-secret');
    expect(logged).not.toContain(emulator.apiKey);
    expect(emulator.log.map((r) => [r.status, r.authorized])).toEqual([
      [401, false],
      [401, false],
      [200, true],
    ]);
  });

  it('403 permission_denied for a forbidden key or an injected fault', async () => {
    await emulator.close();
    emulator = await startLlmEmulator({ apiKey: 'good', forbiddenKeys: ['no-access'] });
    const forbidden = new OpenAI({ apiKey: 'no-access', baseURL: emulator.url, maxRetries: 0 });
    await expect(ask({ a: 'Rumah.' }, { c: forbidden })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const good = new OpenAI({ apiKey: 'good', baseURL: emulator.url, maxRetries: 0 });
    emulator.setFaults({ forbidden: { times: 1 } });
    await expect(ask({ a: 'Rumah.' }, { c: good })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(answerOf(await ask({ a: 'Rumah.' }, { c: good }))).toEqual({ a: 'House.' });
    expect(JSON.stringify(emulator.log)).not.toContain('no-access');
  });

  it('429 with retry-after and x-ratelimit headers that the client sees; the client retries after it', async () => {
    emulator.setFaults({ rateLimit: { times: 1, retryAfterSeconds: 0 } });
    const error = await ask({ a: 'Rumah.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(429);
    expect(apiError.code).toBe('rate_limit_exceeded');
    expect(apiError.headers?.get('retry-after')).toBe('0');
    expect(apiError.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(emulator.chatRequests()[0]).toMatchObject({ status: 429, fault: 'rateLimit' });
    expect(emulator.chatRequests()[0].usage).toBeUndefined();

    emulator.setFaults({ rateLimit: { times: 2, retryAfterSeconds: 0 } });
    const retrying = new OpenAI({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 2 });
    expect(answerOf(await ask({ a: 'Rumah.' }, { c: retrying }))).toEqual({ a: 'House.' });
    expect(emulator.chatRequests().slice(1).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(emulator.totals().billedRequests).toBe(1);
  });

  it('5xx (500, 502, 503) picked by sequence number, by predicate or by seeded fraction', async () => {
    emulator.setFaults({ serverError: { requests: [2], status: 502 } });
    await ask({ a: 'Rumah.' });
    const error = await ask({ a: 'Rumah.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as APIError).status).toBe(502);

    emulator.setFaults({ serverError: { when: ({ request }) => request.segments?.x !== undefined, status: 500 } });
    await expect(ask({ x: 'Rumah.' })).rejects.toMatchObject({ status: 500 });
    await expect(ask({ y: 'Rumah.' })).resolves.toBeDefined();

    const pattern = async (seed: number) => {
      emulator.setFaults({ seed, serverError: { fraction: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push(await ask({ a: 'Rumah.' }).then(() => 200, (e: APIError) => e.status as number));
      return statuses;
    };
    const first = await pattern(7);
    expect(await pattern(7)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it('a destroyed connection is a connection error, not billed', async () => {
    emulator.setFaults({ noResponse: { times: 1 } });
    await expect(ask({ a: 'Rumah.' })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(emulator.chatRequests()[0]).toMatchObject({ status: 0, fault: 'noResponse' });
    expect(emulator.totals().billedRequests).toBe(0);
  });

  it('noResponseAfterBilling bills and then hangs up (the one case a retry pays twice)', async () => {
    emulator.setFaults({ noResponseAfterBilling: { times: 1 } });
    await expect(ask({ a: 'Rumah.' })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    await ask({ a: 'Rumah.' });
    expect(emulator.totals().billedRequests).toBe(2);
    expect(emulator.chatRequests()[0]).toMatchObject({ status: 0, fault: 'noResponseAfterBilling' });
  });

  it('a slow answer arrives late; a client that gave up is not billed', async () => {
    emulator.setFaults({ slow: { ms: 150 } });
    expect(answerOf(await ask({ a: 'Rumah.' }))).toEqual({ a: 'House.' });
    const impatient = new OpenAI({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0, timeout: 30 });
    await expect(ask({ a: 'Rumah.' }, { c: impatient })).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await vi.waitFor(() => expect(emulator.chatRequests().map((r) => r.fault)).toEqual(['slow', 'clientGone']), { timeout: 5000 });
    expect(emulator.totals().billedRequests).toBe(1);
  });

  it('400 context_length_exceeded when the prompt is over maxContextTokens', async () => {
    const tokens = promptTokensOf([SYSTEM, JSON.stringify(SEGMENTS)]);
    emulator.configure({ maxContextTokens: tokens - 1 });
    const error = (await ask(SEGMENTS).catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('context_length_exceeded');
    expect(error.param).toBe('messages');
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toContain(`This model's maximum context length is ${tokens - 1} tokens`);
    expect(emulator.chatRequests()[0]).toMatchObject({ fault: 'contextLength', promptTokens: tokens });
    expect(answerOf(await ask({ '1': SEGMENTS['1'] }))).toHaveProperty('1');
    expect(emulator.totals().billedRequests).toBe(1);
  });

  it('400 for json_schema when configured without structured output; json_object still works', async () => {
    emulator.configure({ jsonSchema: false });
    const error = (await ask({ a: 'Rumah.' }).catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('response_format');
    expect(answerOf(await ask({ a: 'Rumah.' }, { format: 'json_object' }))).toEqual({ a: 'House.' });
    expect(emulator.chatRequests().map((r) => r.fault)).toEqual(['jsonSchemaUnsupported', undefined]);
  });
});

describe('LLM emulator: answer failure modes', () => {
  const THREE = { '1': 'Rumah besar di kota.', '2': 'Harga naik 3,5 persen pada <g1>tahun</g1> 2024.', '3': 'Anak <x1/> membaca buku.' };
  const good = Object.fromEntries(Object.entries(THREE).map(([id, text]) => [id, emulatorTranslate(text)]));

  async function answerWith(fault: AnswerFault, segments: Record<string, string> = THREE) {
    emulator.setFaults({ answers: [fault] });
    const completion = await ask(segments);
    return { content: contentOf(completion), completion, record: emulator.chatRequests().at(-1)! };
  }

  it('the good answer, for reference', () => {
    expect(good).toEqual({ '1': 'House big in city.', '2': 'Price naik 3,5 percent on <g1>year</g1> 2024.', '3': 'Child <x1/> reads book.' });
  });

  it('notJson, codeFence and proseWrapped spoil the whole answer; each is billed', async () => {
    const notJson = await answerWith({ mode: 'notJson', ids: ['2'] });
    expect(() => JSON.parse(notJson.content)).toThrow();
    expect(notJson.content).toBe('Sure! Here are the translations:\n1: House big in city.\n2: Price naik 3,5 percent on <g1>year</g1> 2024.\n3: Child <x1/> reads book.');
    expect(notJson.record.answerFaults).toEqual([{ id: '2', mode: 'notJson' }]);
    const fenced = await answerWith({ mode: 'codeFence', match: 'Anak' });
    expect(fenced.content).toBe(`\`\`\`json\n${JSON.stringify(good)}\n\`\`\``);
    const prose = await answerWith({ mode: 'proseWrapped' });
    expect(prose.content.startsWith('Here is the JSON object you asked for:\n\n```json\n')).toBe(true);
    expect(JSON.parse(prose.content.split('```json\n')[1].split('\n```')[0])).toEqual(good);
    expect(emulator.totals().billedRequests).toBe(3);
    expect(fenced.completion.usage?.completion_tokens).toBe(countTokens(fenced.content));
  });

  it('missingId and extraId', async () => {
    expect(JSON.parse((await answerWith({ mode: 'missingId', ids: ['2'] })).content)).toEqual({ '1': good['1'], '3': good['3'] });
    expect(JSON.parse((await answerWith({ mode: 'extraId', ids: ['1'] })).content)).toEqual({ ...good, '4': good['1'] });
    const named = await answerWith({ mode: 'extraId', ids: ['a'] }, { a: 'Rumah.', b: 'Kota.' });
    expect(JSON.parse(named.content)).toEqual({ a: 'House.', 'a-extra': 'House.', b: 'City.' });
  });

  it('untranslated and commentary', async () => {
    expect(JSON.parse((await answerWith({ mode: 'untranslated', match: 'Rumah' })).content)['1']).toBe(THREE['1']);
    expect(JSON.parse((await answerWith({ mode: 'commentary', ids: ['1'] })).content)['1']).toBe(`Here is the translation: ${good['1']}`);
    for (const prefix of ['Translation: ', 'Berikut terjemahannya: '])
      expect(JSON.parse((await answerWith({ mode: 'commentary', ids: ['3'], prefix })).content)['3']).toBe(`${prefix}${good['3']}`);
  });

  it('merge: own and the next translation in one value, the next id missing; the last merges into the previous', async () => {
    expect(JSON.parse((await answerWith({ mode: 'merge', ids: ['1'] })).content)).toEqual({ '1': `${good['1']} ${good['2']}`, '3': good['3'] });
    expect(JSON.parse((await answerWith({ mode: 'merge', ids: ['3'] })).content)).toEqual({ '1': good['1'], '2': `${good['2']} ${good['3']}` });
    const alone = await answerWith({ mode: 'merge' }, { '1': THREE['1'] });
    expect(JSON.parse(alone.content)).toEqual({ '1': good['1'] });
    expect(alone.record.answerFaults).toEqual([]);
  });

  it('tagsLost and tagsAltered', async () => {
    expect(JSON.parse((await answerWith({ mode: 'tagsLost', ids: ['2', '3'] })).content)).toEqual({ '1': good['1'], '2': 'Price naik 3,5 percent on year 2024.', '3': 'Child reads book.' });
    expect(JSON.parse((await answerWith({ mode: 'tagsAltered' })).content)).toEqual({
      '1': `${good['1']} <x1/>`,
      '2': 'Price naik 3,5 percent on <g2>year</g2> 2024.',
      '3': 'Child <x2/> reads book.',
    });
  });

  it('figureChanged: a decimal loses its separator, an integer is raised by one, tag numbers untouched', async () => {
    const answer = JSON.parse(
      (await answerWith({ mode: 'figureChanged' }, { a: 'Tahun <g1>2024</g1> baik.', b: 'Naik 3,5 persen dan 2024.', c: 'Rumah.', d: 'Harga Rp1.200 per kilo.' })).content,
    );
    expect(answer).toEqual({ a: 'Year <g1>2025</g1> good.', b: 'Naik 35 percent and 2024.', c: 'House. 1', d: 'Price Rp1200 per kilo.' });
  });

  it('truncated and repeated put the length far off', async () => {
    expect(JSON.parse((await answerWith({ mode: 'truncated', ids: ['2'] })).content)['2']).toBe('Price naik');
    const repeated = JSON.parse((await answerWith({ mode: 'repeated', ids: ['1'], repeat: 4 })).content)['1'];
    expect(repeated).toBe(Array(4).fill(good['1']).join(' '));
  });

  it('times: a segment fails only the first N times it is seen, so a retry alone succeeds', async () => {
    emulator.setFaults({ answers: [{ mode: 'untranslated', match: 'Harga', times: 1 }] });
    expect(answerOf(await ask(THREE))['2']).toBe(THREE['2']);
    expect(answerOf(await ask({ '2': THREE['2'] }))['2']).toBe(good['2']);
    emulator.setFaults({ answers: [{ mode: 'untranslated', match: /harga/i }] });
    expect(answerOf(await ask({ '2': THREE['2'] }))['2']).toBe(THREE['2']);
    expect(answerOf(await ask({ '9': THREE['2'] }))['9']).toBe(THREE['2']);
    expect(emulator.chatRequests().map((r) => r.answerFaults)).toEqual([[{ id: '2', mode: 'untranslated' }], [], [{ id: '2', mode: 'untranslated' }], [{ id: '9', mode: 'untranslated' }]]);
  });

  it('the first fault of the list that hits a segment applies; predicates see the source and the id', async () => {
    emulator.setFaults({
      answers: [
        { mode: 'missingId', match: (source, id) => id === '1' && source.startsWith('Rumah'), times: 1 },
        { mode: 'commentary', ids: ['1', '3'] },
      ],
    });
    expect(answerOf(await ask(THREE))).toEqual({ '2': good['2'], '3': `Here is the translation: ${good['3']}` });
    expect(answerOf(await ask(THREE))['1']).toBe(`Here is the translation: ${good['1']}`);
    expect(emulator.totals()).toEqual(totalsOf(emulator.log));
  });
});

describe('LLM emulator: CLI', () => {
  it('prints the base URL and key, serves, and exits 0 on SIGTERM with the totals', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'llm-emulator-cli-'));
    const faultsFile = join(dir, 'faults.json');
    writeFileSync(faultsFile, JSON.stringify({ answers: [{ mode: 'commentary', match: 'Surabaya', prefix: 'Translation: ' }] }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/llm-emulator/cli.ts', '--port', '0', '--key', 'demo-key', '--faults', faultsFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const match = /listening (http:\/\/127\.0\.0\.1:\d+\/v1)\n.*OPENAI_API_KEY/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      expect(out).toContain('OPENAI_API_KEY=demo-key');
      const cli = new OpenAI({ apiKey: 'demo-key', baseURL: url, maxRetries: 0 });
      const completion = await cli.chat.completions.create({
        model: 'any',
        messages: [
          { role: 'system', content: 'Bank Indonesia → BI' },
          { role: 'user', content: '{"1":"Bank Indonesia di Jakarta.","2":"Surabaya."}' },
        ],
      });
      expect(answerOf(completion)).toEqual({ '1': 'BI in Jakarta.', '2': 'Translation: Surabaya.' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toMatch(/#1 POST \/v1\/chat\/completions 200 · 2 segments · 1 glossary line · tokens \d+ in \+ \d+ out · answer faults 2:commentary/);
      expect(out).toMatch(/SIGTERM: 1 requests, 1 billed/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
