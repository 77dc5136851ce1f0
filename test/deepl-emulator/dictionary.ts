/**
 * The emulator's tiny Indonesian → English dictionary. Words not in it pass through unchanged
 * (as names, numbers and unknown words do in real MT), so tests can predict every output.
 */
export const DICTIONARY: Readonly<Record<string, string>> = {
  saya: 'I', aku: 'I', kami: 'we', kita: 'we', mereka: 'they', dia: 'he', ia: 'he', anda: 'you',
  yang: 'which', dan: 'and', atau: 'or', di: 'in', ke: 'to', dari: 'from', ini: 'this', itu: 'that',
  dengan: 'with', untuk: 'for', tidak: 'not', akan: 'will', pada: 'on', juga: 'also', dalam: 'in',
  adalah: 'is', telah: 'has', sudah: 'already', baru: 'new', oleh: 'by', karena: 'because',
  tahun: 'year', hari: 'day', kata: 'said', orang: 'people', rumah: 'house', makan: 'eat',
  nasi: 'rice', besar: 'big', kecil: 'small', presiden: 'president', pemerintah: 'government',
  harga: 'price', jalan: 'road', kota: 'city', negara: 'country', menteri: 'minister',
  sangat: 'very', cepat: 'fast', lambat: 'slow', berita: 'news', baik: 'good', buruk: 'bad',
  satu: 'one', dua: 'two', tiga: 'three', anak: 'child', air: 'water', kucing: 'cat', anjing: 'dog',
  merah: 'red', putih: 'white', buku: 'book', membaca: 'reads', menulis: 'writes', pergi: 'goes',
  datang: 'comes', lalu: 'then', namun: 'however', tersebut: 'the', bank: 'bank', pasar: 'market',
  persen: 'percent',
};
