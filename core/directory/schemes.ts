/**
 * Identifier schemes: the EAS (electronic address scheme) code list used by EN 16931 for BT-49
 * and the Peppol participant identifiers (ISO 6523 ICD codes plus a few CEF codes), with format
 * checks for the Luxembourg schemes.
 */

/** EAS codes accepted by EN 16931 v1.3.16 (CEF EAS code list). */
export const EAS_CODES: ReadonlySet<string> = new Set(
  ('0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184 0188 0190 ' +
    '0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 ' +
    '0217 0218 0219 0220 0221 0225 0230 0235 0240 0242 0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 ' +
    '9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 ' +
    '9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM').split(' '),
);

/** Luxembourg VAT number: `LU` + 8 digits, the last two being the first six modulo 89. */
export function luVatCheckDigits(six: string): string {
  return String(Number(six) % 89).padStart(2, '0');
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20) return true;
  return false;
}

/**
 * Checks `scheme` and `value` of an identifier; returns a message, or null when it is well-formed.
 * 9938 values must be `LU` + 8 digits with the right check digits; 0240 values 1–35 alphanumerics.
 */
export function checkIdentifier(scheme: string, value: string): string | null {
  if (!EAS_CODES.has(scheme)) return `unknown identifier scheme "${scheme}" (not an EAS / ISO 6523 ICD code)`;
  if (value.length === 0) return 'empty identifier value';
  if (value.length > 100 || /\s/.test(value) || hasControl(value)) return `malformed identifier value "${value.slice(0, 100)}"`;
  if (scheme === '9938') {
    const m = /^LU(\d{6})(\d{2})$/i.exec(value);
    if (!m) return `9938 (Luxembourg VAT) value must be LU followed by 8 digits, got "${value}"`;
    if (luVatCheckDigits(m[1]!) !== m[2]) return `9938 value "${value}" has wrong check digits (expected ${luVatCheckDigits(m[1]!)})`;
  }
  if (scheme === '0240' && !/^[0-9A-Za-z]{1,35}$/.test(value)) return `0240 (Luxembourg register) value must be 1–35 letters or digits, got "${value}"`;
  return null;
}

/**
 * Parses `scheme:value`, also accepting the Peppol form `iso6523-actorid-upis::scheme:value`.
 * Returns null when there is no `scheme:` part.
 */
export function parseParticipantId(raw: string): { scheme: string; value: string } | null {
  let s = raw.trim();
  const dbl = s.indexOf('::');
  if (dbl >= 0) s = s.slice(dbl + 2);
  const i = s.indexOf(':');
  if (i <= 0 || i === s.length - 1) return null;
  return { scheme: s.slice(0, i).trim(), value: s.slice(i + 1).trim() };
}
