// Hostile input: what a broken or malicious client sends instead of what the contract asks for.
import fc from 'fast-check'

/** Names that mean something to JavaScript objects, and PHP-ish or path-ish text. */
export const trickyStrings = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '',
  ' ',
  '\t\n',
  'null',
  'true',
  'false',
  '0',
  '-0',
  '-1',
  '1e3',
  '0x1F',
  '1.5',
  '+42',
  ' 42 ',
  '٤٢',
  '４２',
  '99999999999999999999',
  '9007199254740993',
  'NaN',
  'Infinity',
  '[]',
  '{}',
  '%',
  '%00',
  '%zz',
  '%E0%A4%A',
  "'; DROP TABLE customers; --",
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  '\u202Eevil',
  'Ǆ',
  'ﬃ',
  'İ',
  '😀👨‍👩‍👧',
  'é'.normalize('NFD'),
  '\uFEFF',
  'CL000042',
  'cl000042',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-04-01T25:61:00Z',
  'admin@example.com',
  'a@b',
  '@',
  'x@y.z ',
]

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...trickyStrings),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: 256, max: 70_000 }).map((n) => 'x'.repeat(n)),
)

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    -2147483649,
    2147483648,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    1e21,
    1e308,
    -1e308,
    5e-324,
    0.1 + 0.2,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

/** JSON nested `depth` levels deep, as text (JSON.stringify would recurse as deep). */
export const deepJsonText = (depth: number, kind: 'array' | 'object') =>
  kind === 'array'
    ? '['.repeat(depth) + '1' + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)

/** A JSON value nested `depth` levels, built without recursion. */
export function deepValue(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

/** Any JSON value, of the wrong type for most fields. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: nastyNumber, weight: 3 },
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(nastyString, nastyNumber), { maxLength: 3 }),
  fc.dictionary(
    fc.oneof(fc.constantFrom(...trickyStrings), fc.string({ maxLength: 8 })),
    fc.oneof(nastyString, nastyNumber),
    { maxKeys: 3 },
  ),
  fc.integer({ min: 2, max: 600 }).map(deepValue),
)

/** Keys a body or query string can carry beyond the documented ones. */
export const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'id',
    'created_at',
    'updated_at',
    'quick_search',
    'user_id',
    'kind',
    'password',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
)
