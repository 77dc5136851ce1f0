/** Regression tests for issue 12's provider-answer kinds (items 1, 2, 7) and the `structure` rule, as a user meets them. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ProviderFactory } from '../pipeline/provider.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { acceptTranslation } from '../pipeline/accept/accept-translation.ts';
import { repairTagSpacing } from '../pipeline/accept/tag-spacing.ts';
import { parseMarkdown } from '../pipeline/markdown/parse-markdown.ts';
import { compareSkeletons, skeletonOf } from '../pipeline/markdown/structure.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };

/** A provider that answers from a table (tagged source → tagged answers, one per call), else echoes. */
function scripted(answers: Record<string, string[]>, log: string[][] = []): ProviderFactory {
  const asked = new Map<string, number>();
  return () => ({
    name: 'scripted',
    publishable: true,
    fingerprint: () => 'scripted',
    async translate(job, onResults) {
      log.push(job.segments.map((s) => s.text));
      onResults(
        job.segments.map((s) => {
          const n = asked.get(s.text) ?? 0;
          asked.set(s.text, n + 1);
          const list = answers[s.text];
          return { id: s.id, text: list ? list[Math.min(n, list.length - 1)] : `EN ${s.text}` };
        }),
      );
      return { requests: 1, billedCharacters: 0 };
    },
  });
}

const values = (ws: ReturnType<typeof createWorkspace>, file = 'locales/en/a.yaml') => parse(ws.read(file)) as Record<string, string>;
const sameTree = (source: string, bundle: string) => compareSkeletons(skeletonOf(source), skeletonOf(bundle, parseMarkdown(source).dialect));

describe('issue 12 item 1: whitespace at tag edges is repaired from the source', () => {
  it('restores the space before a tag and moves spaces out of a paired tag', () => {
    const source = 'Klik tombol <g1>Daftar</g1> sekarang.';
    expect(repairTagSpacing(source, 'Click the<g1>Register</g1> button now.').tagged).toBe('Click the <g1>Register</g1> button now.');
    expect(repairTagSpacing('Tolong <g1>tonton</g1> ini.', 'Please <g1>watch </g1>this.').tagged).toBe('Please <g1>watch</g1> this.');
    expect(repairTagSpacing('Tolong <g1>tonton</g1> ini.', 'Please<g1> watch</g1> this.').tagged).toBe('Please <g1>watch</g1> this.');
    // Nothing to repair where the source itself has no space (punctuation, scripts without spaces).
    expect(repairTagSpacing('(<g1>lihat</g1>)', '(<g1>see</g1>)').repairs).toEqual([]);
    expect(repairTagSpacing('Klik <g1>Daftar</g1> ya.', '点击<g1>注册</g1>。').repairs).toEqual([]);
  });

  it('publishes bold and emphasis that CommonMark still reads as such', async () => {
    const source = 'Klik tombol **Daftar** sekarang.\n\nTolong *tonton* ini.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    const provider = scripted({ 'Klik tombol <g1>Daftar</g1> sekarang.': ['Click the<g1>Register</g1> button now.'], 'Tolong <g1>tonton</g1> ini.': ['Please <g1>watch </g1>this.'] });
    const summary = await ws.translate({ providers: { identity: provider } });
    expect(summary.errors).toEqual([]);
    expect(summary.locales.en.repaired).toBe(2);
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('Click the **Register** button now.');
    expect(bundle).toContain('Please *watch* this.');
    expect(sameTree(source, bundle)).toBeUndefined();
  });
});

describe('issue 12 item 2: an emptied paired tag is lost markup', () => {
  it('is refused, asked for again alone once, then reported by article and key and never written', async () => {
    const source = 'Itu adalah **pengatur waktu** kami. Kalimat lain di sini.\n\nLihat [daftar harga](https://contoh.id/harga) baru.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    const log: string[][] = [];
    const provider = scripted({ 'Itu adalah <g1>pengatur waktu</g1> kami.': ['That is our <g1></g1> timer.'], 'Lihat <g1>daftar harga</g1> baru.': ['See the new <g1> </g1>.'] }, log);
    const summary = await ws.translate({ providers: { identity: provider } });
    expect(summary.locales.en.failed).toBe(2);
    expect(summary.locales.en.retried).toBe(2);
    // The retry went alone: one segment per call.
    expect(log.slice(1).map((texts) => texts.length)).toEqual([1, 1]);
    const errors = summary.errors.filter((e) => e.code === 'broken-markup');
    const record = parse(ws.read('locales/id/a.yaml')) as Record<string, string>;
    const keyOf = (text: string) => Object.keys(record).find((k) => record[k] === text) as string;
    expect(errors.map((e) => e.key).sort()).toEqual([keyOf('Itu adalah **pengatur waktu** kami.'), keyOf('Lihat [daftar harga](https://contoh.id/harga) baru.')].sort());
    expect(errors[0].file).toBe('locales/en/a.yaml');
    expect(errors[0].message).toMatch(/source\/a\.md:1: .*emptied/);
    expect(summary.exitCode).toBe(1);
    const written = values(ws);
    expect(Object.values(written).join('\n')).not.toMatch(/\*\*\*\*|\[\]\(/);
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('Itu adalah **pengatur waktu** kami.');
    expect(bundle).not.toContain('****');
    expect(sameTree(source, bundle)).toBeUndefined();
    // A rerun does not pay for the same refused answers again, and still names them.
    const calls = log.length;
    const rerun = await ws.translate({ providers: { identity: provider } });
    expect(log.length).toBe(calls);
    expect(rerun.locales.en).toMatchObject({ failed: 2, retried: 0, requests: 0 });
    expect(rerun.errors.filter((e) => e.code === 'broken-markup').map((e) => e.message).join('\n')).toContain('refused before');
  });

  it('is accepted when the retry alone comes back whole', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Itu adalah **pengatur waktu** kami. Dua.\n' }, CONFIG);
    const provider = scripted({ 'Itu adalah <g1>pengatur waktu</g1> kami.': ['That is our <g1></g1> timer.', 'That is our <g1>timer</g1>.'] });
    const summary = await ws.translate({ providers: { identity: provider } });
    expect(summary.errors).toEqual([]);
    expect(summary.locales.en).toMatchObject({ failed: 0, retried: 1 });
    expect(ws.read('dist/en/a.md')).toContain('That is our **timer**.');
  });
});

describe('issue 12 item 7: HTML entities in provider answers', () => {
  it('are decoded to characters before verification and storage; the source\'s own entities stay', async () => {
    const source = 'Kata "ini" milik Budi.\n\nHarga naik &plusmn; 5% hari ini.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    const provider = scripted({ 'Kata "ini" milik Budi.': ['It is Budi&#39;s &quot;word&quot; &auml; &#x263A; &amp;amp;.'], 'Harga naik <x1/> 5% hari ini.': ['Prices rise <x1/> 5% today &ndash; again.'] });
    const summary = await ws.translate({ providers: { identity: provider } });
    expect(summary.errors).toEqual([]);
    const written = Object.values(values(ws));
    expect(written).toContain('It is Budi\'s "word" ä ☺ &amp;.');
    expect(written).toContain('Prices rise &plusmn; 5% today – again.');
    expect(acceptTranslation({ tagged: 'a &amp; b', tags: {}, source: 'a & b' }, 'x &amp; y &#38; z&#33;')).toMatchObject({ ok: true, markdown: 'x & y & z!' });
    // Markup spelled as entities is still markup once decoded: refused, not published.
    expect(acceptTranslation({ tagged: 'a &amp; b', tags: {}, source: 'a & b' }, 'x &#60;b&#62;bold&#60;/b&#62;')).toMatchObject({ ok: false });
  });
});

describe('issue 12: the invariant holds for what reviewers write too (rule structure)', () => {
  it('translate publishes the source sentence instead of a reviewer edit that breaks markup, and says where; check reports it at its line', async () => {
    const source = '# Judul\n\nTolong **tonton** ini. Kalimat lain.\n\nAkhir tulisan.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    await ws.translate({ providers: { identity: scripted({}) } });
    const file = ws.read('locales/en/a.yaml');
    const line = file.split('\n').findIndex((l) => l.includes('EN Tolong **tonton** ini.')) + 1;
    ws.write('locales/en/a.yaml', file.replace('EN Tolong **tonton** ini.', 'Please **watch **this.'));
    const summary = await ws.translate({ providers: { identity: scripted({}) } });
    const structure = summary.errors.filter((e) => e.code === 'structure');
    expect(structure).toHaveLength(1);
    expect(structure[0].message).toContain(`locales/en/a.yaml:${line}:`);
    expect(structure[0].message).toContain('bold (**…**) lost');
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('Tolong **tonton** ini.');
    expect(bundle).not.toContain('**watch **this');
    expect(sameTree(source, bundle)).toBeUndefined();
    expect(values(ws)).toMatchObject({ [Object.keys(values(ws)).find((k) => values(ws)[k].startsWith('Please'))!]: 'Please **watch **this.' });

    const check = ws.cli('check', ['--json']);
    expect(check.status).toBe(1);
    const problems = (JSON.parse(check.stdout) as { problems: Array<{ rule: string; file: string; line: number }> }).problems.filter((p) => p.rule === 'structure');
    expect(problems).toEqual([expect.objectContaining({ rule: 'structure', file: 'locales/en/a.yaml', line })]);
  });

  it('catches a new block, a crossed HTML pair and a dropped link that a reviewer typed', async () => {
    const source = 'Teks <b>sangat penting</b> ini. Lihat [situs](https://contoh.id) kami.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    await ws.translate({ providers: { identity: scripted({}) } });
    const edit = (from: string, to: string) => ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(from, to));
    for (const [broken, what] of [
      ['"EN Teks </b>sangat penting<b> ini."', /not balanced|HTML/],
      ['EN Lihat situs kami.', /link to https:\/\/contoh\.id lost/],
      ['"- EN Teks <b>sangat penting</b> ini."', /the paragraph became a list/],
    ] as const) {
      const before = ws.read('locales/en/a.yaml');
      const target = broken.includes('Lihat') ? 'EN Lihat [situs](https://contoh.id) kami.' : 'EN Teks <b>sangat penting</b> ini.';
      edit(target, broken);
      const summary = await ws.translate({ providers: { identity: scripted({}) } });
      expect(summary.errors.map((e) => e.message).join('\n')).toMatch(what);
      expect(sameTree(source, ws.read('dist/en/a.md'))).toBeUndefined();
      ws.write('locales/en/a.yaml', before);
    }
  });
});

describe('issue 12 item 6 meets the invariant: text in HTML blocks inside containers', () => {
  it('publishes the translated text of an HTML block in a blockquote or list item (tags unchanged), and refuses a changed tag', async () => {
    const source = '> <div class="box">Teks penting di sini.</div>\n\n- <p>Butir <b>pertama</b> ini.</p>\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    const summary = await ws.translate({ providers: { identity: scripted({}) } });
    expect(summary.errors).toEqual([]);
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('> <div class="box">EN Teks penting di sini.</div>');
    expect(bundle).toContain('- <p>EN Butir <b>pertama</b> ini.</p>');
    expect(sameTree(source, bundle)).toBeUndefined();
    // The tags of an HTML block are its structure: a reviewer who changes one is refused.
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace('EN Teks penting di sini.', 'Important text <i>here</i>.'));
    const again = await ws.translate({ providers: { identity: scripted({}) } });
    expect(again.errors.map((e) => e.code)).toEqual(['structure']);
    expect(ws.read('dist/en/a.md')).toContain('> <div class="box">Teks penting di sini.</div>');
  });
});

describe('issue 12: kinds found by trying to break it', () => {
  it('a reviewer edit that drops template syntax or a heading anchor is withheld, not published', async () => {
    const source = '## Harga beras naik {#harga-beras}\n\n{% if user %}Halo pengguna yang terhormat.{% endif %}\n\nLihat {{ page.harga }} rupiah hari ini.\n\nKalimat penutup.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    await ws.translate({ providers: { identity: scripted({}) } });
    const file = ws.read('locales/en/a.yaml');
    ws.write('locales/en/a.yaml', file.replace('EN Harga beras naik {#harga-beras}', 'RICE PRICES RISE').replace('EN {% if user %}Halo pengguna yang terhormat.{% endif %}', '"{% if user %}HELLO DEAR USER."').replace('EN Lihat {{ page.harga }} rupiah hari ini.', 'SEE {{ page.harga RUPIAH TODAY.'));
    expect(ws.read('locales/en/a.yaml')).not.toBe(file);
    const summary = await ws.translate({ providers: { identity: scripted({}) } });
    expect(summary.errors.filter((e) => e.code === 'structure')).toHaveLength(3);
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('{#harga-beras}');
    expect(bundle).toContain('{% endif %}');
    expect(bundle).toContain('{{ page.harga }}');
  });

  it('a backslash before a closing tag is kept as a backslash, not as an escape that breaks the link', () => {
    const verdict = acceptTranslation({ tagged: 'Cek <g1>harga</g1> di situs.', tags: { g1: { open: '[', close: '](https://example.com/h)' } }, source: 'Cek [harga](https://example.com/h) di situs.' }, 'Check <g1>prices\\</g1> on site.');
    expect(verdict).toMatchObject({ ok: true, markdown: 'Check [prices\\\\](https://example.com/h) on site.' });
    expect(sameTree('Cek [harga](https://example.com/h) di situs.', 'Check [prices\\](https://example.com/h) on site.')).toMatchObject({ message: expect.stringContaining('link to https://example.com/h lost') });
  });

  it('control characters from a provider or a reviewer never reach the markdown body', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Delapan kata di sini.\n\nKalimat kedua di sini.\n' }, CONFIG);
    const summary = await ws.translate({ providers: { identity: scripted({ 'Delapan kata di sini.': ['Eight\u0000nul\u0007bell\u001b[31m red\u009d.'] }) } });
    expect(summary.errors).toEqual([]);
    expect(ws.read('dist/en/a.md')).toContain('Eightnulbell[31m red.');
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace('EN Kalimat kedua di sini.', '"Second\\a sentence\\x1b here."'));
    await ws.translate({ providers: { identity: scripted({}) } });
    expect(ws.read('dist/en/a.md')).toContain('Second sentence here.');
    expect(ws.read('dist/en/a.md')).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
  });

  it('a | in a translated table cell is escaped, and a broken cell withholds only its own sentence', async () => {
    const source = 'Paragraf pertama di sini.\n\n| Barang | Harga |\n| --- | --- |\n| Harga naik tajam | Seratus ribu |\n\nParagraf terakhir di sini.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    const summary = await ws.translate({ providers: { identity: scripted({ 'Harga naik tajam': ['Price | rose sharply'] }) } });
    expect(summary.errors).toEqual([]);
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('| Price \\| rose sharply |');
    expect(sameTree(source, bundle)).toBeUndefined();
    // A reviewer's stray newline-free edit that adds a cell boundary some other way is caught for that key alone.
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace('EN Seratus ribu', '"EN **Seratus** ribu ` | `"'));
    const again = await ws.translate({ providers: { identity: scripted({}) } });
    const structure = again.errors.filter((e) => e.code === 'structure');
    expect(structure).toHaveLength(1);
    expect(ws.read('dist/en/a.md')).toContain('EN Paragraf pertama di sini.');
    expect(ws.read('dist/en/a.md')).toContain('EN Paragraf terakhir di sini.');
  });

  it('a stray * in one sentence withholds the sentence that makes it emphasis, not the whole paragraph', async () => {
    const source = 'Harga beras naik lagi. Harga gula turun lagi. Harga minyak tetap.\n';
    const ws = createWorkspace({ 'source/a.md': source }, CONFIG);
    const summary = await ws.translate({ providers: { identity: scripted({ 'Harga beras naik lagi.': ['Rice rose *again.'], 'Harga gula turun lagi.': ['Sugar fell* again.'] }) } });
    expect(summary.errors.filter((e) => e.code === 'structure')).toHaveLength(1);
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('EN Harga minyak tetap.');
    expect(sameTree(source, bundle)).toBeUndefined();
  });

  it('an empty answer is refused, asked again alone, and reported, never stored as a translation', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Kalimat pertama.\n\nKalimat kedua.\n\nKalimat ketiga.\n' }, CONFIG);
    const summary = await ws.translate({ providers: { identity: scripted({ 'Kalimat pertama.': [''], 'Kalimat kedua.': ['  \n\n '], 'Kalimat ketiga.': ['\u200b'] }) } });
    expect(summary.locales.en).toMatchObject({ failed: 3, retried: 3 });
    expect(summary.errors.map((e) => e.code)).toEqual(['broken-markup', 'broken-markup', 'broken-markup']);
    expect(summary.errors[0].message).toContain('the answer is empty');
    expect(ws.exists('locales/en/a.yaml') ? Object.keys(values(ws)) : []).toEqual([]);
  });

  it('a.md and a.mdx in one folder are reported as the same article, not written in turn', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Kalimat dari md.\n', 'source/a.mdx': 'Kalimat dari mdx.\n' }, { ...CONFIG, source: 'source/**/*.{md,mdx}' });
    const summary = await ws.translate({ providers: { identity: scripted({}) } });
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'same-article-id', file: 'source/a.mdx' })]);
    expect(summary.exitCode).toBe(1);
    expect(ws.read('dist/en/a.md')).toContain('EN Kalimat dari md.');
    const second = await ws.translate({ providers: { identity: scripted({}) } });
    expect(second.filesWritten).toBe(0);
  });
});

describe('issue 12: kinds found in a second round of trying to break it', () => {
  it('an answer that would open a block (list, quote, code, HTML, comment) is refused at the gate, not stored and reused elsewhere', async () => {
    const answers: Record<string, string[]> = {
      'Kalimat satu di sini.': ['- One here.'],
      'Kalimat dua di sini.': ['> Two here.'],
      'Kalimat tiga di sini.': ['```Three here.'],
      'Kalimat empat di sini.': ['<div>Four here.'],
      'Kalimat lima di sini.': ['<!-- Five here.'],
    };
    const source = Object.keys(answers).join('\n\n') + '\n\nKalimat enam di sini.\n';
    const ws = createWorkspace({ 'source/a.md': source, 'source/b.md': 'Awal kalimat. Kalimat satu di sini.\n' }, CONFIG);
    const summary = await ws.translate({ providers: { identity: scripted(answers) } });
    expect(summary.locales.en).toMatchObject({ failed: 5, retried: 5 });
    expect(summary.errors.filter((e) => e.code === 'broken-markup')).toHaveLength(6); // five in a.md, one in b.md
    expect(Object.values(values(ws)).join('\n')).not.toMatch(/^(?:- |> |```|<div>|<!--)/m);
    expect(sameTree(source, ws.read('dist/en/a.md'))).toBeUndefined();
    expect(ws.read('dist/en/b.md')).toContain('Kalimat satu di sini.');
  });

  it('a structure error on the first run names the line of the file as written', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Kalimat pertama di sini.\n\nTolong **tonton** ini.\n' }, CONFIG);
    await ws.translate({ providers: { identity: scripted({}) } });
    // A reviewer's broken edit in a file that the same run rewrites (a new sentence arrives above it).
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace('EN Tolong **tonton** ini.', 'Please **watch **this.'));
    ws.write('source/a.md', 'Kalimat baru paling atas.\n\nKalimat pertama di sini.\n\nTolong **tonton** ini.\n');
    const summary = await ws.translate({ providers: { identity: scripted({}) } });
    const [error] = summary.errors.filter((e) => e.code === 'structure');
    const lines = ws.read('locales/en/a.yaml').split('\n');
    expect(lines[(error.line as number) - 1]).toContain('Please **watch **this.');
    expect(error.message).toContain(`locales/en/a.yaml:${error.line}:`);
  });

  it('line separators and carriage returns in an answer become spaces, not glued words or raw characters', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Warga protes di sini.\n\nPemerintah diam saja.\n' }, CONFIG);
    await ws.translate({ providers: { identity: scripted({ 'Warga protes di sini.': ['Citizens\u2028protest here.'], 'Pemerintah diam saja.': ['Government\rstays silent.'] }) } });
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toContain('Citizens protest here.');
    expect(bundle).toContain('Government stays silent.');
    expect(bundle + ws.read('dist/en/a.yaml')).not.toMatch(/[\r\u2028]/);
  });
});

describe('issue 12: a withheld translation counts as missing for the review policy', () => {
  it('holds the bundle back as draft under requireReview when a reviewed sentence is withheld', async () => {
    const ws = createWorkspace({ 'source/a.md': 'Tolong **tonton** ini.\n\nKalimat kedua.\n' }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity', requireReview: true } } });
    await ws.translate({ providers: { identity: scripted({}) } });
    const reviewed = ws.read('locales/en/a.yaml').replace('EN Tolong **tonton** ini.', 'Please **watch** this.').replace('EN Kalimat kedua.', 'Second sentence.');
    ws.write('locales/en/a.yaml', reviewed);
    const clean = await ws.translate({ providers: { identity: scripted({}) } });
    expect(clean.locales.en.drafts).toBe(0);
    expect(ws.read('dist/en/a.md')).not.toContain('draft: true');
    ws.write('locales/en/a.yaml', reviewed.replace('Please **watch** this.', 'Please **watch **this.'));
    const broken = await ws.translate({ providers: { identity: scripted({}) } });
    expect(broken.errors.map((e) => e.code)).toEqual(['structure']);
    expect(broken.locales.en.drafts).toBe(1);
    expect(ws.read('dist/en/a.md')).toContain('draft: true');
  });
});
