/**
 * Escaping for XML the hub writes by hand (UBL from CII, generated XSLT, MLS, Invoice Responses,
 * Peppol reports): one definition, so every writer escapes the same characters the same way.
 */

/** Text content: the markup characters, and a carriage return (a parser would turn a raw one into a line feed). */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** A double-quoted attribute value: also the quote, and the whitespace a parser would normalise to spaces. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Drops the characters XML 1.0 cannot carry at all (its `Char` production), e.g. NUL or a lone surrogate. */
export function xmlChars(s: string): string {
  // eslint-disable-next-line no-control-regex -- the XML 1.0 Char production names these control characters on purpose
  return s.replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}
