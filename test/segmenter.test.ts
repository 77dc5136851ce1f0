import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSentenceSegmenter, segmentSentences, splitSentences } from '../pipeline/segmenter/index.ts';
import { parseSrx, rulesForLanguage } from '../pipeline/segmenter/srx.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Each case: the text, then the exact sentences we expect.
const cases: Record<string, [string, string[]][]> = {
  'plain sentences, ? ! ?! and ellipses': [
    ['Ia datang. Dia pergi.', ['Ia datang.', 'Dia pergi.']],
    ['Benarkah?! Ya, benar! Apa lagi? Tidak ada.', ['Benarkah?!', 'Ya, benar!', 'Apa lagi?', 'Tidak ada.']],
    ['Dia menunggu... Lalu pergi.', ['Dia menunggu...', 'Lalu pergi.']],
    ['Dia menunggu… lalu pergi.', ['Dia menunggu… lalu pergi.']],
    ['Dia ragu... tapi akhirnya setuju.', ['Dia ragu... tapi akhirnya setuju.']],
  ],
  'abbreviations that do not end a sentence': [
    ['Kantornya di Jl. Sudirman No. 5, Kec. Menteng, Kab. Bogor.', ['Kantornya di Jl. Sudirman No. 5, Kec. Menteng, Kab. Bogor.']],
    ['Acara dibuka Prof. Dr. Ir. Budi Santoso, M.Si. dan Drs. H. Ahmad.', ['Acara dibuka Prof. Dr. Ir. Budi Santoso, M.Si. dan Drs. H. Ahmad.']],
    ['Hadir dr. Siti, Hj. Ani, K.H. Ma’ruf Amin, Tn. Lee, Ny. Lee dan Bpk. Joko.', ['Hadir dr. Siti, Hj. Ani, K.H. Ma’ruf Amin, Tn. Lee, Ny. Lee dan Bpk. Joko.']],
    ['Pengacaranya Budi, S.H. menolak. Gelarnya Ph.D. dari ITB.', ['Pengacaranya Budi, S.H. menolak.', 'Gelarnya Ph.D. dari ITB.']],
    ['Saham PT. Bank Mandiri Tbk. (BMRI) naik ke Rp. 5.000.', ['Saham PT. Bank Mandiri Tbk. (BMRI) naik ke Rp. 5.000.']],
    ['Lihat hlm. 5 pada tgl. 3 Mei pkl. 10.00 WIB. Selesai.', ['Lihat hlm. 5 pada tgl. 3 Mei pkl. 10.00 WIB.', 'Selesai.']],
    ['Buku, pena, dll. juga dibawa.', ['Buku, pena, dll. juga dibawa.']],
    ['Penelitian Budi dkk. (2019) menunjukkan hal itu.', ['Penelitian Budi dkk. (2019) menunjukkan hal itu.']],
    ['Sekolah itu ada di JL. KS Tubun No. 3 Pontianak.', ['Sekolah itu ada di JL. KS Tubun No. 3 Pontianak.']],
  ],
  'abbreviations that end a sentence': [
    ['Ia membeli buku, pena, dll. Setelah itu ia pulang.', ['Ia membeli buku, pena, dll.', 'Setelah itu ia pulang.']],
    ['Ada kursi, meja, dsb. Semua baru.', ['Ada kursi, meja, dsb.', 'Semua baru.']],
    ['Laba naik di PT Astra International Tbk. Perseroan mencatat rekor.', ['Laba naik di PT Astra International Tbk.', 'Perseroan mencatat rekor.']],
    ['Kuasa hukumnya adalah Budi Santoso, S.H. Ia membantah tuduhan itu.', ['Kuasa hukumnya adalah Budi Santoso, S.H.', 'Ia membantah tuduhan itu.']],
  ],
  'initials': [
    ['Presiden B.J. Habibie lahir di Parepare.', ['Presiden B.J. Habibie lahir di Parepare.']],
    ['Hadir pula Joko W. Widodo dan R. Tjetje Somantri.', ['Hadir pula Joko W. Widodo dan R. Tjetje Somantri.']],
    ['Roma finis kedua di Serie A. Mereka mengoleksi 87 poin.', ['Roma finis kedua di Serie A.', 'Mereka mengoleksi 87 poin.']],
  ],
  'numbers, money, times and dates': [
    ['Harganya Rp1.500.000, naik 3,5 persen. Rapat pukul 10.30 WIB.', ['Harganya Rp1.500.000, naik 3,5 persen.', 'Rapat pukul 10.30 WIB.']],
    ['Undangan disampaikan pada Rabu (13/9/2023). Pertemuan lalu digelar (30/3).', ['Undangan disampaikan pada Rabu (13/9/2023).', 'Pertemuan lalu digelar (30/3).']],
    ['Korban tewas mencapai 2016. 20 orang lainnya luka.', ['Korban tewas mencapai 2016.', '20 orang lainnya luka.']],
    ['1. Toyota Avanza terjual 62.615 unit.', ['1. Toyota Avanza terjual 62.615 unit.']],
  ],
  'datelines': [
    ['JAKARTA, KOMPAS.com - Polisi menangkap dua orang. Keduanya ditahan.', ['JAKARTA, KOMPAS.com - Polisi menangkap dua orang.', 'Keduanya ditahan.']],
    ['Jakarta (ANTARA News) - KPK menahan Andi. Ia diperiksa.', ['Jakarta (ANTARA News) - KPK menahan Andi.', 'Ia diperiksa.']],
    ['JUARA.NET, SEPANG - Sesi kualifikasi selesai.', ['JUARA.NET, SEPANG - Sesi kualifikasi selesai.']],
  ],
  'quotations': [
    ['"Kami siap," kata dia. Rapat dimulai.', ['"Kami siap," kata dia.', 'Rapat dimulai.']],
    ['"Kami siap." Kata dia, rapat dimulai.', ['"Kami siap."', 'Kata dia, rapat dimulai.']],
    ['“Kami siap!” ujar Budi. “Semua sudah beres.”', ['“Kami siap!” ujar Budi.', '“Semua sudah beres.”']],
    ['"Apa kabar?" tanya dia.', ['"Apa kabar?" tanya dia.']],
    ['Ia tiba pukul 09.00. "Saya lelah," ujarnya."', ['Ia tiba pukul 09.00.', '"Saya lelah," ujarnya."']],
    ['Ia menyebutnya “Red Blue Chair”. Gaya itu populer.', ['Ia menyebutnya “Red Blue Chair”.', 'Gaya itu populer.']],
  ],
  'URLs, e-mail addresses and domain names': [
    ['Berita dari Detik.com dan kompas.com dikutip. Lihat https://www.kompas.com/read/2023/09/13/x.html. Selesai.', ['Berita dari Detik.com dan kompas.com dikutip.', 'Lihat https://www.kompas.com/read/2023/09/13/x.html.', 'Selesai.']],
    ['Kirim ke redaksi@kompas.co.id. Kami membalas.', ['Kirim ke redaksi@kompas.co.id.', 'Kami membalas.']],
    ['Data dihimpun tim. kompas.com mencatat kenaikan.', ['Data dihimpun tim.', 'kompas.com mencatat kenaikan.']],
  ],
  'enumerations': [
    ['Syaratnya (1) berusia 17 tahun; (2) memiliki KTP.', ['Syaratnya (1) berusia 17 tahun; (2) memiliki KTP.']],
    ['(1) Pertama, daftar. (2) Kedua, bayar.', ['(1) Pertama, daftar.', '(2) Kedua, bayar.']],
  ],
  'lower-case brand names start sentences': [
    ['Ponsel itu dirilis tahun lalu. iPhone terbaru lebih mahal.', ['Ponsel itu dirilis tahun lalu.', 'iPhone terbaru lebih mahal.']],
    ['Toko daring tumbuh. eBay juga. e-KTP dicetak ulang.', ['Toko daring tumbuh.', 'eBay juga.', 'e-KTP dicetak ulang.']],
  ],
  'inline atoms (U+FFFC)': [
    ['Jalankan \uFFFC. \uFFFC mencetak hasilnya.', ['Jalankan \uFFFC. \uFFFC mencetak hasilnya.']],
    ['Gunakan \uFFFC untuk itu. Lalu simpan.', ['Gunakan \uFFFC untuk itu.', 'Lalu simpan.']],
    ['Klik \uFFFC.\uFFFC lalu tutup.', ['Klik \uFFFC.\uFFFC lalu tutup.']],
  ],
  'parentheses and sign-offs': [
    ['Paprika (Capsicum annuum L.) tumbuh di sana.', ['Paprika (Capsicum annuum L.) tumbuh di sana.']],
    ['Harga naik 3 persen. (bir/bir)', ['Harga naik 3 persen.', '(bir/bir)']],
  ],
  'whitespace and line breaks': [
    ['', []],
    ['  \n\t ', []],
    ['  Ia datang.  \n Dia\npergi.  ', ['Ia datang.', 'Dia\npergi.']],
    ['Judul tanpa titik\nlanjut di baris berikut.', ['Judul tanpa titik\nlanjut di baris berikut.']],
    ['Paragraf satu tanpa titik\n\nParagraf dua.', ['Paragraf satu tanpa titik', 'Paragraf dua.']],
    ['Ia mencatat:\n• satu hal\n• hal lain', ['Ia mencatat:', '• satu hal', '• hal lain']],
  ],
  'lower-case sentence starts after a full stop': [
    ['Ia juara di Indonesian Masters. kedatangan saya disambut.', ['Ia juara di Indonesian Masters.', 'kedatangan saya disambut.']],
    ['Ia ke sana dgn. temannya.', ['Ia ke sana dgn. temannya.']],
  ],
};

describe('segmentSentences', () => {
  for (const [phenomenon, list] of Object.entries(cases)) {
    describe(phenomenon, () => {
      for (const [text, expected] of list) {
        it(JSON.stringify(text), () => expect(splitSentences(text)).toEqual(expected));
      }
    });
  }

  it('returns trimmed, ordered, non-overlapping spans that rebuild the text', () => {
    const piece = fc.constantFrom('Ia', 'dll.', 'Dr.', 'B.J.', '"', '“', '”', '.', '?', '!', '...', ' ', '\n', '\n\n', '\uFFFC', 'iPhone', '(1)', 'Rp1.500', 'kompas.com', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const spans = segmentSentences(text);
        let at = 0;
        for (const { start, end } of spans) {
          expect(start).toBeGreaterThanOrEqual(at);
          expect(end).toBeGreaterThan(start);
          expect(text.slice(at, start).trim()).toBe(''); // only whitespace between spans
          expect(text.slice(start, end)).toBe(text.slice(start, end).trim());
          at = end;
        }
        expect(text.slice(at).trim()).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('SRX rules file', () => {
  it('parses, maps id and id-ID, and compiles', () => {
    const srx = parseSrx(`<?xml version="1.0"?><srx version="2.0"><header cascade="no"/><body><languagerules>
      <languagerule languagerulename="X"><rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
      <rule><beforebreak>[.]</beforebreak><afterbreak>\\s+\\p{Lu}</afterbreak></rule></languagerule></languagerules>
      <maprules><languagemap languagepattern="id.*" languagerulename="X"/></maprules></body></srx>`);
    expect(rulesForLanguage(srx, 'id-ID')).toEqual([
      { break: false, before: '\\bDr\\.', after: '\\s' },
      { break: true, before: '[.]', after: '\\s+\\p{Lu}' },
    ]);
    expect(rulesForLanguage(srx, 'en')).toEqual([]);
  });

  it('applies custom rules with SRX first-match semantics', () => {
    const xml = `<srx version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="T">
      <rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
      <rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
      </languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="T"/></maprules></body></srx>`;
    const segment = createSentenceSegmenter(xml, 'id');
    const text = 'Dr. A ke sana. b ikut.';
    expect(segment(text).map(({ start, end }) => text.slice(start, end))).toEqual(['Dr. A ke sana.', 'b ikut.']);
  });

  it('names a rule whose regex is invalid', () => {
    const xml = `<srx version="2.0"><body><languagerules><languagerule languagerulename="T">
      <rule break="yes"><beforebreak>[.</beforebreak></rule></languagerule></languagerules>
      <maprules><languagemap languagepattern=".*" languagerulename="T"/></maprules></body></srx>`;
    expect(() => createSentenceSegmenter(xml)).toThrow(/SRX rule 1 \(break="yes"\)/);
  });
});

describe('npm run segment (scripts/segment.ts)', () => {
  const run = (args: string[], input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/segment.ts', ...args], { cwd: ROOT, input, encoding: 'utf8' });

  it('--jsonl reads {id,text} lines and writes {id,sentences} lines in order', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Ia membeli buku, pena, dll. Setelah itu ia pulang.' }),
      JSON.stringify({ id: 2, text: 'Presiden B.J. Habibie hadir. "Kami siap," kata dia.' }),
    ].join('\n') + '\n';
    const result = run(['--jsonl'], input);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { id: 'a', sentences: ['Ia membeli buku, pena, dll.', 'Setelah itu ia pulang.'] },
      { id: 2, sentences: ['Presiden B.J. Habibie hadir.', '"Kami siap," kata dia.'] },
    ]);
  });

  it('names the bad line and exits 2', () => {
    const result = run(['--jsonl'], '{"id":"a","text":"Ia datang."}\n{"id":"b","text":\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/line 2/);
  });

  it('prints one sentence per line for plain text, and has --help', () => {
    const result = run([], 'Ia datang\ndi sini. Lalu pulang.');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Ia datang di sini.\nLalu pulang.\n');
    const help = run(['--help'], '');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--jsonl/);
    expect(run(['--bogus'], '').status).toBe(2);
  });
});
