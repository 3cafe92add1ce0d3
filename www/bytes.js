// Byte-level helpers shared by the worker and the unit tests.

/** The length of `bytes` up to and including its last line feed, aware of UTF-16. */
export function lastLineEnd(bytes) {
  const n = bytes.length;
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    for (let i = (n - 2) & ~1; i >= 2; i -= 2) if (bytes[i] === 0x0a && bytes[i + 1] === 0x00) return i + 2;
    return n & ~1;
  }
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    for (let i = (n - 2) & ~1; i >= 2; i -= 2) if (bytes[i] === 0x00 && bytes[i + 1] === 0x0a) return i + 2;
    return n & ~1;
  }
  const end = bytes.lastIndexOf(0x0a);
  return end < 0 ? n : end + 1;
}

/**
 * Whether a file's first bytes are a spreadsheet, by the core's own test
 * (`ingest::spreadsheet::detect_format`): a zip archive (`.xlsx`, `.ods`)
 * or an OLE2 compound file (`.xls`). The name is not trusted either way.
 */
export function isSpreadsheetStart(bytes) {
  const starts = (magic) => magic.every((byte, i) => bytes[i] === byte);
  return starts([0x50, 0x4b, 0x03, 0x04]) || starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}
