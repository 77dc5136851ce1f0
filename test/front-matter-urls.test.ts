import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ProviderFactory } from '../pipeline/provider.ts';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { fieldTagged } from '../pipeline/markdown/front-matter.ts';
import { urlSpans } from '../pipeline/markdown/text-urls.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { protectTerms, termPattern } from '../pipeline/providers/deepl/protect-terms.ts';
import { acceptTranslation } from '../pipeline/accept/accept-translation.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

/** Every address of the article below, as written. */
const URLS = ['<https://contoh.id/berita>', 'https://contoh.id/berita/ekonomi', 'redaksi@contoh.id', 'www.contoh.id/berita', '<redaksi@contoh.id>', 'https://jfid.id/berita'];
const ARTICLE = [
  '---',
  'title: "Lihat **Korea Utara** di <https://contoh.id/berita>"',
  'description: "Baca laporan selengkapnya di https://contoh.id/berita/ekonomi hari ini. Surel: redaksi@contoh.id."',
  "summary: 'Arsip di www.contoh.id/berita (atau <redaksi@contoh.id>), lihat juga https://jfid.id/berita.'",
  'slug: korea-utara',
  '---',
  '',
  'Kalimat pertama di sini.',
  '',
].join('\n');

/** What a model does to a URL sent as text: translates the words in its host and path, everywhere. */
const WORDS: Record<string, string> = { berita: 'news', ekonomi: 'economy', contoh: 'example', redaksi: 'editors', jfid: 'JFID', Lihat: 'See', Baca: 'Read', Arsip: 'Archive', Kalimat: 'Sentence' };
const translateWords = (text: string) => text.replace(/\p{L}+/gu, (word) => WORDS[word] ?? word);
const damagingUrls: ProviderFactory = () => ({
  name: 'url-damaging',
  publishable: true,
  fingerprint: () => 'url-damaging',
  async translate(job, onResults) {
    // The whole tagged text, tags included (tag names hold no dictionary word): as an engine that sees a URL as prose.
    onResults(job.segments.map((s) => ({ id: s.id, text: translateWords(s.text) })));
    return { requests: 1, billedCharacters: 0 };
  },
});

const fields = ['title', 'description', 'summary'];
const extract = (source: string) => extractArticle(source, { fields, split: segmentSentences });

describe('bug: URLs in translatable front-matter fields went to the provider as plain text and an altered URL was published', () => {
  it('sanity: the damaging provider alters a URL it is given as text', () => {
    expect(translateWords('di https://contoh.id/berita/ekonomi')).toBe('di https://example.id/news/economy');
  });

  it('field segments carry each URL, www link, e-mail address and autolink as an atom; the markdown form is the value', () => {
    const fieldSegments = extract(ARTICLE).segments.filter((s) => s.field !== undefined);
    expect(fieldSegments.map((s) => s.field)).toEqual(fields);
    const data = parse(ARTICLE.split('---\n')[1]) as Record<string, string>;
    for (const segment of fieldSegments) {
      expect(segment.source).toBe(data[segment.field as string]);
      expect(taggedToMarkdown(segment, segment.tagged)).toBe(segment.source);
      for (const url of URLS) expect(segment.tagged).not.toContain(url.replace(/[<>]/g, ''));
    }
    expect(fieldSegments[0].tagged).toBe('Lihat **Korea Utara** di <x1/>');
    expect(fieldSegments[0].tags).toEqual({ x1: { atom: '<https://contoh.id/berita>' } });
    expect(fieldSegments[1].tagged).toBe('Baca laporan selengkapnya di <x1/> hari ini. Surel: <x2/>.');
    expect(fieldSegments[1].tags).toEqual({ x1: { atom: 'https://contoh.id/berita/ekonomi' }, x2: { atom: 'redaksi@contoh.id' } });
    expect(fieldSegments[2].tagged).toBe('Arsip di <x1/> (atau <x2/>), lihat juga <x3/>.');
    // The field is its own paragraph: the context is what is sent, so providers add none (and no raw URL).
    for (const segment of fieldSegments) expect(segment.context).not.toMatch(/contoh|jfid/);
  });

  it('the bundle keeps every URL verbatim when the provider translates URL words; the provider saw atoms where the URLs were', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } });
    const summary = await ws.translate({ providers: { deepl: damagingUrls } });
    expect(summary.errors).toEqual([]);
    const sent = ws.calls.flatMap((c) => c.texts);
    expect(sent).toContain('Lihat **Korea Utara** di <x1/>');
    expect(sent.join('\n')).not.toMatch(/contoh|jfid/);
    const bundle = ws.read('dist/en/a.md');
    const front = parse(bundle.split('---\n')[1]) as Record<string, string>;
    expect(front.title).toBe('See **Korea Utara** di <https://contoh.id/berita>');
    expect(front.description).toBe('Read laporan selengkapnya di https://contoh.id/berita/ekonomi hari ini. Surel: redaksi@contoh.id.');
    expect(front.summary).toBe('Archive di www.contoh.id/berita (atau <redaksi@contoh.id>), lihat juga https://jfid.id/berita.');
    for (const url of URLS) expect(bundle).toContain(url);
    expect(bundle).not.toMatch(/example|news\b|economy|editors|JFID/);
    // The locale file holds the same verbatim URLs.
    const locale = parse(ws.read('locales/en/a.yaml')) as Record<string, string>;
    expect(locale.description).toBe(front.description);
  });

  it('the identity provider publishes the source byte for byte; pseudo keeps every URL as written', async () => {
    const identity = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    expect((await identity.translate()).errors).toEqual([]);
    const bundle = identity.read('dist/en/a.md').replace(/^(?:lang|translationKey|sourcePath|translationStatus): .*\n/gm, '');
    expect(bundle).toBe(ARTICLE);

    const pseudo = createWorkspace({ 'source/a.md': ARTICLE });
    expect((await pseudo.translate()).errors).toEqual([]);
    const locale = parse(pseudo.read('locales/en/a.yaml')) as Record<string, string>;
    expect(locale.title).toMatch(/^⟦Ĺíĥáţ \*\*Ķóŕéá Úţáŕá\*\* ðí <https:\/\/contoh\.id\/berita>~+⟧$/);
    expect(locale.description).toContain('https://contoh.id/berita/ekonomi');
    expect(locale.description).toContain(' redaksi@contoh.id.');
    for (const url of ['www.contoh.id/berita', '<redaksi@contoh.id>', 'https://jfid.id/berita']) expect(locale.summary).toContain(url);
  });

  it('a do-not-translate term inside a URL of a field is not protected again inside it (the URL is already one atom)', () => {
    const segment = extract(ARTICLE).segments.find((s) => s.field === 'summary');
    expect(segment).toBeDefined();
    const { tagged, tags } = segment!;
    const sent = protectTerms(tagged, termPattern(['jfid', 'berita'], { ignoreCase: true }));
    // `berita` the word outside URLs is absent from this value: only the URL atoms, untouched.
    expect(sent.text).toBe(tagged);
    const answer = 'Archive at <x1/> (or <x2/>), see also <x3/>.';
    const accepted = acceptTranslation(segment!, sent.restore(answer));
    expect(accepted).toMatchObject({ ok: true, markdown: 'Archive at www.contoh.id/berita (or <redaksi@contoh.id>), see also https://jfid.id/berita.' });
    expect(Object.values(tags)).toContainEqual({ atom: 'https://jfid.id/berita' });

    // A dnt term outside the URL is protected as before, with an id above the URL atoms.
    const mixed = fieldTagged('Portal jfid di https://jfid.id/berita');
    expect(mixed.tagged).toBe('Portal jfid di <x1/>');
    expect(protectTerms(mixed.tagged, termPattern(['jfid'])).text).toBe('Portal <x2/> di <x1/>');
  });

  it('a URL-only field is one atom and comes back verbatim; values without addresses are unchanged', () => {
    expect(fieldTagged('https://contoh.id/berita')).toEqual({ tagged: '<x1/>', tags: { x1: { atom: 'https://contoh.id/berita' } } });
    expect(fieldTagged('Rasio 3:1 di Jakarta & <Bogor>: 5@ harga')).toEqual({ tagged: 'Rasio 3:1 di Jakarta &amp; &lt;Bogor&gt;: 5@ harga', tags: {} });
  });
});

describe('urlSpans: where an address ends', () => {
  const found = (text: string) => urlSpans(text).map((s) => text.slice(s.start, s.end));
  it.each([
    ['lihat https://contoh.id/a.', ['https://contoh.id/a']],
    ['(lihat https://en.wikipedia.org/wiki/Foo_(bar)).', ['https://en.wikipedia.org/wiki/Foo_(bar)']],
    ['"https://contoh.id/a", katanya', ['https://contoh.id/a']],
    ['unduh ftp://files.contoh.id/a.zip!', ['ftp://files.contoh.id/a.zip']],
    ['HTTPS://CONTOH.ID/A?x=1&y=2#z', ['HTTPS://CONTOH.ID/A?x=1&y=2#z']],
    ['kirim ke mailto:a.b@c.co.id; atau <mailto:x@y.id>', ['mailto:a.b@c.co.id', '<mailto:x@y.id>']],
    ['https://contoh.id/?to=a@b.id dan www.b.id', ['https://contoh.id/?to=a@b.id', 'www.b.id']],
    ['Jakarta: 3:1, a@b, www., https://, awww.b.id', []],
    ['Peta di https://contoh.id/peta_(2024)_final.', ['https://contoh.id/peta_(2024)_final']],
  ])('%s', (text, urls) => {
    expect(found(text)).toEqual(urls);
  });
});
