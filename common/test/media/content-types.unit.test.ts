import { isValidObjectKey, sniffFormat } from '../../src/media/content-types';

const ftyp = (major: string, ...compatible: string[]) => {
  const brands = [major, '\0\0\0\0', ...compatible].join('');
  const box = Buffer.alloc(8 + brands.length);
  box.writeUInt32BE(box.length, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(brands, 8, 'latin1');
  return Buffer.concat([box, Buffer.alloc(16)]);
};
const ebml = (docType: string) => Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84]), Buffer.from(docType), Buffer.alloc(16)]);

describe('sniffFormat (type from the bytes, not the name)', () => {
  it.each([
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ['webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')],
    ['avif', ftyp('avif', 'mif1', 'miaf')],
    ['avif', ftyp('mif1', 'avif')],
    ['mp4', ftyp('isom', 'iso2', 'avc1', 'mp41')],
    ['mp4', ftyp('mp42', 'isom')],
    ['webm', ebml('webm')],
  ])('%s', (format, bytes) => {
    expect(sniffFormat(bytes)).toBe(format);
  });

  it.each([
    ['text named .jpg', Buffer.from('just some text, not a picture')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['HEIC', ftyp('heic', 'mif1', 'heic')],
    ['QuickTime', ftyp('qt  ', 'qt  ')],
    ['Matroska (not WebM)', ebml('matroska')],
    ['RIFF WAVE', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1')],
    ['empty', Buffer.alloc(0)],
    ['two bytes of JPEG', Buffer.from([0xff, 0xd8])],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffFormat(bytes)).toBeUndefined();
  });
});

describe('isValidObjectKey', () => {
  it.each(['media/' + 'a'.repeat(64) + '.webp', 'uploads/0123abcd'])('accepts %s', (k) => expect(isValidObjectKey(k)).toBe(true));
  it.each(['../x', 'media/../../etc', 'media/', '/media/x', 'media/a/b', 'x/y', 'media/.hidden'])('refuses %s', (k) => expect(isValidObjectKey(k)).toBe(false));
});
