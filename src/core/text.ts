/**
 * Characters a person cannot see, or that change how the text around them displays: control
 * characters (NUL included), format characters (bidirectional marks and overrides, zero-width
 * characters, the byte order mark), line and paragraph separators, and halves of a surrogate
 * pair that are not valid Unicode on their own.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

const NAMES: Record<number, string> = {
  0: 'a NUL character',
  9: 'a tab',
  10: 'a line break',
  13: 'a carriage return',
  173: 'a soft hyphen',
  1564: 'an Arabic letter mark',
  8203: 'a zero-width space',
  8204: 'a zero-width non-joiner',
  8205: 'a zero-width joiner',
  8206: 'a left-to-right mark',
  8207: 'a right-to-left mark',
  8234: 'a left-to-right embedding',
  8235: 'a right-to-left embedding',
  8236: 'a pop directional formatting',
  8237: 'a left-to-right override',
  8238: 'a right-to-left override',
  8232: 'a line separator',
  8233: 'a paragraph separator',
  8294: 'a left-to-right isolate',
  8295: 'a right-to-left isolate',
  8296: 'a first strong isolate',
  8297: 'a pop directional isolate',
  65279: 'a byte order mark',
};

export interface InvisibleCharacter {
  /** Index in UTF-16 code units, as JavaScript strings and editor offsets count. */
  index: number;
  /** `U+202E`. */
  code: string;
  /** `a right-to-left override`. */
  name: string;
}

function codeOf(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function nameOf(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const known = NAMES[cp];
  if (known) return known;
  if (cp >= 0xd800 && cp <= 0xdfff) return 'an unpaired surrogate, not a character';
  if (/\p{Cc}/u.test(char)) return 'a control character';
  return 'an invisible formatting character';
}

/** The first invisible character of a text, if any. */
export function findInvisible(text: string): InvisibleCharacter | undefined {
  const match = INVISIBLE.exec(text);
  if (!match) return undefined;
  return { index: match.index, code: codeOf(match[0]), name: nameOf(match[0]) };
}

/** The text with every invisible character written as a `\uXXXX` escape, so a message shows it. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => {
    const hex = (c.codePointAt(0) ?? 0).toString(16).toUpperCase();
    return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
  });
}

/** How a person would describe a JSON value's type in a sentence: `a string`, `null`, `an array`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return typeof value;
}

/**
 * A count and its noun agreeing in number ("1 identity", "2 identities"): every count a person
 * reads goes through here, so none says "1 identities". The plural is the noun + "s" unless given.
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
