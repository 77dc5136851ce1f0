/**
 * What extraction sends to providers, per kind of markup (issue 12 items 3–6): inline HTML pairs,
 * collapsed and shortcut references, template syntax, and prose inside HTML blocks. Each kind is
 * checked at the segment level (tags sent, identity round trip byte-exact) and end to end: a run
 * with an engine that changes the text publishes a bundle that keeps the markup byte for byte and
 * parses to the source's markdown structure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { spliceTranslations, taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { parseMarkdown } from '../pipeline/markdown/parse-markdown.ts';
import { compareSkeletons, skeletonOf } from '../pipeline/markdown/structure.ts';
import { mapText, verifyTags } from '../pipeline/tagged-text.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { checkLinks } from '../pipeline/check/markup-rules.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { runCheck } from '../pipeline/check/run-check.ts';
import type { ProviderFactory } from '../pipeline/provider.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { prefixing } from './helpers/prefixing-provider.ts';

const extract = (source: string) => extractArticle(source, { fields: ['title'], split: segmentSentences });
const tagged = (source: string) => extract(source).segments.map((s) => s.tagged);

/** A visible "translation" that keeps tags: upper-cases prose. */
const shout = (text: string) => mapText(text, (t) => t.toUpperCase());
function translateAll(source: string, fn: (tagged: string) => string): string {
  const { segments } = extract(source);
  return spliceTranslations(source, segments, (segment) => taggedToMarkdown(segment, fn(segment.tagged)));
}

/** An engine that upper-cases the text and keeps the tags (link text changes too, unlike `prefixing`). */
const shouting: ProviderFactory = () => ({
  name: 'shouting',
  publishable: true,
  fingerprint: () => 'shouting',
  async translate(job, onResults) {
    onResults(job.segments.map((s) => ({ id: s.id, text: shout(s.text) })));
    return { requests: 1, billedCharacters: 0 };
  },
});

/** Translate one article with `engine` (standing in for the `identity` provider) and read its English bundle. */
async function publish(article: string, engine: ProviderFactory) {
  const ws = createWorkspace({ 'source/berita.md': article }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
  const summary = await ws.translate({ providers: { identity: engine } });
  const bundle = ws.read('dist/en/berita.md');
  return { ws, summary, bundle, sent: ws.calls.flatMap((c) => c.texts) };
}

const withoutFrontMatter = (markdown: string) => markdown.replace(/^---\n[\s\S]*?\n---\n+/, '');

/** The bundle has the source's markdown structure (the lead's skeleton, same parser and dialect). */
function expectSameStructure(source: string, bundle: string): void {
  const { dialect } = parseMarkdown(source);
  expect(compareSkeletons(skeletonOf(withoutFrontMatter(source), dialect), skeletonOf(withoutFrontMatter(bundle), dialect))).toBeUndefined();
}

describe('issue 12 item 3: matched inline HTML tags travel as one paired tag', () => {
  it('sends <b>…</b> as <g1>…</g1>, so the provider sees one element', () => {
    const [segment] = extract('Teks <b>sangat penting</b> ini.\n').segments;
    expect(segment.tagged).toBe('Teks <g1>sangat penting</g1> ini.');
    expect(segment.tags).toEqual({ g1: { open: '<b>', close: '</b>' } });
  });

  it('pairs nested elements and names case-insensitively; void, crossed and unmatched tags stay atoms', () => {
    expect(tagged('Harga <B>naik <a href="/x">tajam</a></b> kemarin<br>lagi.\n')).toEqual(['Harga <g1>naik <g2>tajam</g2></g1> kemarin<x3/>lagi.']);
    expect(tagged('Satu <i>dua <b>tiga</i> empat</b> lima <span>enam.\n')).toEqual(['Satu <g1>dua <x2/>tiga</g1> empat<x3/> lima <x4/>enam.']);
    // A pair never straddles emphasis: `*` … `</b>` … `*` would cross.
    expect(tagged('Ini <b>a *b</b> c* d.\n')).toEqual(['Ini <x1/>a <g2>b<x3/> c</g2> d.']);
    // An element whose content is code is one atom (its text is not prose).
    expect(tagged('Jalankan <code>npm *test*</code> di <kbd>Terminal</kbd>.\n')).toEqual(['Jalankan <x1/> di <g2>Terminal</g2>.']);
  });

  it('refuses an answer that swaps or crosses the halves (accepted before: two atoms in any order)', () => {
    const [segment] = extract('Teks <b>sangat penting</b> ini.\n').segments;
    expect(verifyTags(segment.tagged, 'Text </g1>very important<g1> this.')).toContainEqual({ code: 'unbalanced-tag', tag: 'g1' });
    const [nested] = extract('Harga <b>naik <i>tajam</i></b> kemarin.\n').segments;
    expect(verifyTags(nested.tagged, 'Prices <g1>rose <g2>sharply</g1></g2> yesterday.').length).toBeGreaterThan(0);
  });

  it('is byte-exact with the identity translation', () => {
    const doc = 'Teks <b>sangat penting</b> ini. Harga <B>naik <a href="/x">tajam</a></b>.\n';
    expect(translateAll(doc, (t) => t)).toBe(doc);
  });

  it('end to end: a changed text keeps every tag in order; a swapped answer is reported and never published', async () => {
    const article = '---\ntitle: Harga\n---\n\nTeks <b>sangat penting</b> ini. Lihat <a href="https://x.id">laporan</a> lengkap.\n';
    const good = await publish(article, shouting);
    expect(good.summary.errors).toEqual([]);
    expect(good.bundle).toContain('TEKS <b>SANGAT PENTING</b> INI. LIHAT <a href="https://x.id">LAPORAN</a> LENGKAP.');
    expectSameStructure(article, good.bundle);

    const swapping: ProviderFactory = () => ({
      ...shouting({ options: {}, env: {}, cacheDir: '' }),
      async translate(job, onResults) {
        onResults(job.segments.map((s) => ({ id: s.id, text: s.text.replace(/<(g\d+)>([^<]*)<\/\1>/, '</$1>$2<$1>') })));
        return { requests: 1, billedCharacters: 0 };
      },
    });
    const bad = await publish(article, swapping);
    expect(bad.bundle).not.toMatch(/<\/b>[^<]*<b>|<\/a>[^<]*<a /);
    expect(bad.summary.errors.map((e) => e.code)).toContain('broken-markup');
    expectSameStructure(article, bad.bundle);
  });
});

describe('issue 12 item 4: collapsed and shortcut references keep their reference when the text is translated', () => {
  const doc = [
    'Lihat [Daftar harga][] dan [Daftar harga] serta [tabel][Daftar harga] ini.',
    '',
    '> Kutipan [Daftar',
    '> harga][] di sini.',
    '',
    '[Daftar harga]: https://x.id/harga "Harga"',
    '',
  ].join('\n');

  it('sends the text as a paired tag whose closing markup names the label', () => {
    const [first, quoted] = extract(doc).segments;
    expect(first.tagged).toBe('Lihat <g1>Daftar harga</g1> dan <g2>Daftar harga</g2> serta <g3>tabel</g3> ini.');
    expect(first.tags).toEqual({ g1: { open: '[', close: '][Daftar harga]' }, g2: { open: '[', close: '][Daftar harga]' }, g3: { open: '[', close: '][Daftar harga]' } });
    // The markdown form (what reviewers see and memory keys on) shows the label they must keep.
    expect(first.source).toBe('Lihat [Daftar harga][Daftar harga] dan [Daftar harga][Daftar harga] serta [tabel][Daftar harga] ini.');
    expect(quoted.tags.g1).toEqual({ open: '[', close: '][Daftar harga]' });
  });

  it('keeps the source bytes for the identity translation', () => {
    expect(translateAll(doc, (t) => t)).toBe(doc);
  });

  it('a translated text still resolves to the definition (it was plain text before: [PRICE LIST][])', () => {
    const out = translateAll(doc, shout);
    expect(out).toContain('LIHAT [DAFTAR HARGA][Daftar harga] DAN [DAFTAR HARGA][Daftar harga] SERTA [TABEL][Daftar harga] INI.');
    const identifiers = (markdown: string) => {
      const found: string[] = [];
      const walk = (node: { type: string; identifier?: string; children?: unknown[] }) => {
        if (node.type === 'linkReference') found.push(node.identifier as string);
        for (const child of (node.children ?? []) as Array<typeof node>) walk(child);
      };
      walk(parseMarkdown(markdown).tree);
      return found;
    };
    expect(identifiers(out)).toEqual(identifiers(doc));
    expectSameStructure(doc, out);
  });

  it('the links check resolves references through the definitions and names the link it misses', () => {
    const definitions = extract(doc).definitions;
    expect([...definitions]).toEqual([['daftar harga', 'https://x.id/harga']]);
    const unit = (source: string, target: string) => checkLinks({ key: 'k', source, target, definitions });
    expect(unit('Lihat [Daftar harga][] ini.', 'See the [price list][Daftar harga].')).toEqual([]);
    expect(unit('Lihat [Daftar harga] ini.', 'See the [price list](https://x.id/harga).')).toEqual([]);
    const [finding] = unit('Lihat [Daftar harga] ini.', 'See the [price list].');
    expect(finding.message).toContain('missing "[Daftar harga] → https://x.id/harga"');
    // Brackets that no definition names are not links, in either text.
    expect(unit('Tugas [x] dan [^1] ini.', 'Task and [^1].')).toEqual([]);
  });

  it('end to end: the published text is translated and its references still resolve; check finds no link problem', async () => {
    const article = `---\ntitle: Harga\n---\n\n${doc}`;
    const { ws, summary, bundle } = await publish(article, shouting);
    expect(summary.errors).toEqual([]);
    expect(bundle).toContain('[DAFTAR HARGA][Daftar harga]');
    expect(bundle).toContain('[tabel]'.toUpperCase() + '[Daftar harga]');
    expectSameStructure(article, bundle);
    const report = runCheck(loadConfig(`${ws.dir}/translate.config.yaml`), {}, { split: segmentSentences });
    expect(report.problems.filter((p) => ['links', 'structure', 'inline-markup'].includes(p.rule))).toEqual([]);
  });
});

describe('issue 12 item 4: reference-style image alt text is translated and the reference kept', () => {
  const doc = [
    'Lihat ![Gambar beras][img] dan ![Gambar beras][] serta ![Gambar beras] di sini.',
    '',
    '![Foto {{nama}} hari ini][img]',
    '',
    '[img]: /foto/beras.png',
    '[Gambar beras]: /x.png "Beras"',
    '',
  ].join('\n');
  const imageIdentifiers = (markdown: string) => {
    const found: string[] = [];
    const walk = (node: { type: string; identifier?: string; children?: unknown[] }) => {
      if (node.type === 'imageReference') found.push(node.identifier as string);
      for (const child of (node.children ?? []) as Array<typeof node>) walk(child);
    };
    walk(parseMarkdown(markdown).tree);
    return found;
  };

  it('sends the alt text of full, collapsed and shortcut forms as a paired tag (it was one atom <x1/>)', () => {
    const [first, second] = extract(doc).segments;
    expect(first.tagged).toBe('Lihat <g1>Gambar beras</g1> dan <g2>Gambar beras</g2> serta <g3>Gambar beras</g3> di sini.');
    expect(first.tags).toEqual({ g1: { open: '![', close: '][img]' }, g2: { open: '![', close: '][Gambar beras]' }, g3: { open: '![', close: '][Gambar beras]' } });
    // The markdown form names the label a translation must keep.
    expect(first.source).toBe('Lihat ![Gambar beras][img] dan ![Gambar beras][Gambar beras] serta ![Gambar beras][Gambar beras] di sini.');
    // Template syntax inside the alt text stays an atom.
    expect(second.tagged).toBe('<g1>Foto <x2/> hari ini</g1>');
  });

  it('keeps the image one atom when the alt text is not written verbatim (escapes, entities, emphasis)', () => {
    const defs = '\n\n[img]: /a.png\n[Foto\\_a]: /b.png\n';
    expect(tagged(`Lihat ![Foto\\_a][] ini.${defs}`)).toEqual(['Lihat <x1/> ini.']);
    expect(tagged(`Lihat ![Foto &amp; video][img] ini.${defs}`)).toEqual(['Lihat <x1/> ini.']);
    expect(tagged(`Lihat ![Foto *baru*][img] ini.${defs}`)).toEqual(['Lihat <x1/> ini.']);
  });

  it('keeps the source bytes for the identity translation; a translated alt still resolves to its definition', () => {
    expect(translateAll(doc, (t) => t)).toBe(doc);
    const out = translateAll(doc, shout);
    expect(out).toContain('LIHAT ![GAMBAR BERAS][img] DAN ![GAMBAR BERAS][Gambar beras] SERTA ![GAMBAR BERAS][Gambar beras] DI SINI.');
    expect(out).toContain('![FOTO {{nama}} HARI INI][img]');
    expect(imageIdentifiers(out)).toEqual(imageIdentifiers(doc));
    expectSameStructure(doc, out);
  });

  it('end to end: the alt text is sent and published translated with the same markdown structure; check finds no problem', async () => {
    const article = `---\ntitle: Beras\n---\n\n${doc}`;
    const prefixed = await publish(article, prefixing);
    expect(prefixed.summary.errors).toEqual([]);
    expect(prefixed.sent).toContain('Lihat <g1>Gambar beras</g1> dan <g2>Gambar beras</g2> serta <g3>Gambar beras</g3> di sini.');
    expect(prefixed.bundle).toContain('MS Lihat ![Gambar beras][img] dan ![Gambar beras][Gambar beras] serta ![Gambar beras][Gambar beras] di sini.');
    expect(prefixed.bundle).toContain('MS ![Foto {{nama}} hari ini][img]');
    expectSameStructure(article, prefixed.bundle);

    const { ws, summary, bundle } = await publish(article, shouting);
    expect(summary.errors).toEqual([]);
    expect(bundle).toContain('LIHAT ![GAMBAR BERAS][img] DAN ![GAMBAR BERAS][Gambar beras] SERTA ![GAMBAR BERAS][Gambar beras] DI SINI.');
    expect(bundle).not.toContain('![Gambar beras');
    expect(imageIdentifiers(withoutFrontMatter(bundle))).toEqual(imageIdentifiers(doc));
    expectSameStructure(article, bundle);
    const report = runCheck(loadConfig(`${ws.dir}/translate.config.yaml`), {}, { split: segmentSentences });
    expect(report.problems.filter((p) => ['links', 'structure', 'inline-markup'].includes(p.rule))).toEqual([]);
  });
});

describe('issue 12 item 5: template syntax is markup, not prose', () => {
  const doc = [
    'Baca {% include catatan.html %} dan [panduan lengkap]({{< ref "panduan.md" >}}) ya.',
    '',
    '{{% notice %}}Teks penting sekali.{{% /notice %}}',
    '',
    'Contoh kode:',
    '{% codeblock lang:js %}',
    'const pesan = "jangan diterjemahkan";',
    '',
    '# bukan judul',
    '{% endcodeblock %}',
    '',
    '{{< highlight go >}}',
    'fmt.Println("halo dunia")',
    '{{< /highlight >}}',
    '',
    'Tulis `{% include x %}` untuk menyisipkan berkas.',
    '',
  ].join('\n');

  it('protects Liquid tags and Hugo shortcodes as atoms, pairs block tags, and a link to a shortcode as one link', () => {
    const segments = extract(doc).segments;
    expect(segments.map((s) => s.tagged)).toEqual([
      'Baca <x1/> dan <g2>panduan lengkap</g2> ya.',
      '<g1>Teks penting sekali.</g1>',
      'Contoh kode:',
      'Tulis <x1/> untuk menyisipkan berkas.',
    ]);
    expect(segments[0].tags).toEqual({ x1: { atom: '{% include catatan.html %}' }, g2: { open: '[', close: ']({{< ref "panduan.md" >}})' } });
    expect(segments[1].tags).toEqual({ g1: { open: '{{% notice %}}', close: '{{% /notice %}}' } });
  });

  it('never sends the content of template code blocks (it was sent and billed as prose before)', async () => {
    const article = `---\ntitle: Kode\n---\n\n${doc}`;
    const { summary, bundle, sent } = await publish(article, prefixing);
    expect(summary.errors).toEqual([]);
    expect(sent.join('\n')).not.toMatch(/jangan diterjemahkan|bukan judul|Println/);
    // The code blocks and every template tag are published byte for byte; the prose is translated.
    for (const kept of ['{% codeblock lang:js %}\nconst pesan = "jangan diterjemahkan";\n\n# bukan judul\n{% endcodeblock %}', '{{< highlight go >}}\nfmt.Println("halo dunia")\n{{< /highlight >}}', 'MS Baca {% include catatan.html %} dan [panduan lengkap]({{< ref "panduan.md" >}}) ya.', 'MS {{% notice %}}Teks penting sekali.{{% /notice %}}', 'MS Tulis `{% include x %}`']) {
      expect(bundle).toContain(kept);
    }
    expectSameStructure(article, bundle);
  });

  it('is byte-exact with the identity translation', () => {
    expect(translateAll(doc, (t) => t)).toBe(doc);
  });

  it('the links check names a link whose destination is a shortcode (it said missing "")', () => {
    const [finding] = checkLinks({ key: 'k', source: 'Baca [panduan]({{< ref "panduan.md" >}}) ya.', target: 'Read the guide.' });
    expect(finding.message).toContain('missing "[panduan]({{< ref "panduan.md" >}})"');
    expect(checkLinks({ key: 'k', source: 'Baca [panduan]({{< ref "panduan.md" >}}) ya.', target: 'Read the [guide]({{< ref "panduan.md" >}}).' })).toEqual([]);
  });
});

describe('issue 12 item 6: prose inside HTML blocks is extracted', () => {
  const doc = [
    '<details>',
    '<summary><b>Opsional: Instruksi lokal</b></summary>',
    '',
    'Isi paragraf.',
    '</details>',
    '',
    '<div class="box">Teks &amp; <a href="/x">tautan</a> satu. Kalimat <code>kode <b>x</b></code> dua.',
    '  Baris <i>tiga</i> ini.',
    '<script>var teks = "jangan";</script>',
    '<pre>jangan juga</pre>',
    '</div>',
    '',
    '<figure><img src="a.png" alt="Gambar"><figcaption>Keterangan gambar.</figcaption></figure>',
    '',
    '<!-- komentar redaksi -->',
    '',
  ].join('\n');
  /** HTML blocks inside containers: their lines carry the container's prefix. */
  const inContainers = ['> <p>Dalam kutipan', '> berlanjut.</p>', '', '- <div>Dalam daftar', '  berlanjut.</div>', ''].join('\n');

  it('makes segments of the text runs between block tags, inline tags as paired tags, code and scripts left out', () => {
    expect(tagged(doc)).toEqual([
      '<g1>Opsional: Instruksi lokal</g1>',
      'Isi paragraf.',
      'Teks <x1/> <g2>tautan</g2> satu.',
      'Kalimat <x1/> dua.',
      'Baris <g1>tiga</g1> ini.',
      'Keterangan gambar.',
    ]);
    expect(tagged(inContainers)).toEqual(['Dalam kutipan\nberlanjut.', 'Dalam daftar\nberlanjut.']);
  });

  it('is byte-exact with the identity translation and keeps every byte outside the text when translated', () => {
    expect(translateAll(doc, (t) => t)).toBe(doc);
    const out = translateAll(doc, shout);
    expect(out).toContain('<summary><b>OPSIONAL: INSTRUKSI LOKAL</b></summary>');
    expect(out).toContain('<div class="box">TEKS &amp; <a href="/x">TAUTAN</a> SATU. KALIMAT <code>kode <b>x</b></code> DUA.\n  BARIS <i>TIGA</i> INI.\n<script>var teks = "jangan";</script>\n<pre>jangan juga</pre>\n</div>');
    expect(out).toContain('<!-- komentar redaksi -->');
    expectSameStructure(doc, out);
    // Container prefixes stay on every line.
    expect(translateAll(inContainers, (t) => t)).toBe(inContainers);
    expect(translateAll(inContainers, shout)).toBe(['> <p>DALAM KUTIPAN', '> BERLANJUT.</p>', '', '- <div>DALAM DAFTAR', '  BERLANJUT.</div>', ''].join('\n'));
  });

  it('end to end: the bundle is published with the HTML text translated and the same structure', async () => {
    const article = `---\ntitle: Kotak\n---\n\n${doc}`;
    const { summary, bundle, sent } = await publish(article, prefixing);
    expect(summary.errors).toEqual([]);
    expect(sent).toContain('<g1>Opsional: Instruksi lokal</g1>');
    expect(bundle).toContain('<figcaption>MS Keterangan gambar.</figcaption>');
    expect(bundle).toContain('<summary>MS <b>Opsional: Instruksi lokal</b></summary>');
    expectSameStructure(article, bundle);
  });
});

describe('issue 12 items 3–6 together', () => {
  it('the identity provider through the whole pipeline publishes every kind byte for byte', async () => {
    const article = [
      'Teks <b>sangat penting</b> ini, [Daftar harga][] dan [Daftar harga].',
      '',
      'Baca {% include catatan.html %} dan [panduan]({{< ref "panduan.md" >}}). {{% notice %}}Penting.{{% /notice %}}',
      '',
      '{% codeblock lang:js %}',
      'const pesan = "halo";',
      '',
      '# bukan judul',
      '{% endcodeblock %}',
      '',
      '<details>',
      '<summary><b>Opsional: Instruksi lokal</b></summary>',
      '',
      '> Kutipan [Daftar',
      '> harga][] di sini.',
      '</details>',
      '',
      '[Daftar harga]: https://x.id/harga',
      '',
    ].join('\n');
    const ws = createWorkspace({ 'source/berita.md': article }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    const summary = await ws.translate();
    expect(summary.errors).toEqual([]);
    expect(withoutFrontMatter(ws.read('dist/en/berita.md'))).toBe(article);
  });


  it('random documents: identity is byte-exact and a changed text keeps the markdown structure', () => {
    const word = fc.constantFrom('harga', 'Beras', 'naik', 'di', 'Jakarta', 'persen', 'kata', 'dia');
    const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    const inline = fc.oneof(
      words,
      words.map((w) => `<b>${w}</b>`),
      words.map((w) => `<a href="/x">${w}</a>`),
      words.map((w) => `${w}<br>`),
      fc.constantFrom('[Daftar harga][]', '[Daftar harga]', '[tabel][Daftar harga]', '![Daftar harga][]', '![Daftar harga]', '![foto beras][Daftar harga]', '{% include x.html %}', '{{< ref "a.md" >}}'),
      words.map((w) => `[${w}]({{< ref "a.md" >}})`),
      words.map((w) => `{% if a %}${w}{% endif %}`),
      words.map((w) => `{{% notice %}}${w}{{% /notice %}}`),
    );
    const sentence = fc.array(inline, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join(' ')}.`);
    const htmlInline = fc.oneof(words, words.map((w) => `<b>${w}</b>`), words.map((w) => `<a href="/x">${w}</a>`), words.map((w) => `${w}<br>`));
    const htmlSentence = fc.array(htmlInline, { minLength: 1, maxLength: 3 }).map((parts) => `${parts.join(' ')}.`);
    const block = fc.oneof(
      fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')),
      sentence.map((s) => `## ${s}`),
      fc.array(sentence, { minLength: 1, maxLength: 2 }).map((items) => items.map((s) => `- ${s}`).join('\n')),
      sentence.map((s) => `> ${s}\n> ${s}`),
      fc.array(htmlSentence, { minLength: 1, maxLength: 2 }).map((s) => `<div class="box">${s.join('\n')}</div>`),
      htmlSentence.map((s) => `<details>\n<summary>${s}</summary>`),
      fc.constant('{% codeblock lang:js %}\nconst a = "harga naik";\n\n# harga\n{% endcodeblock %}'),
      fc.constant('```liquid\n{% include x.html %}\n```'),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), (blocks) => {
        const doc = `${blocks.join('\n\n')}\n\n[Daftar harga]: https://x.id/harga\n`;
        expect(translateAll(doc, (t) => t)).toBe(doc);
        expectSameStructure(doc, translateAll(doc, shout));
      }),
      { numRuns: 200 },
    );
  });
});
