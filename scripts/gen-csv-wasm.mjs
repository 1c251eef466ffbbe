// Emits the CSV rows WebAssembly module (engine/data/csv/csv-rows.wasm.ts) with the
// dependency-free encoder scripts/wasm-encoder.mjs. `node scripts/gen-csv-wasm.mjs` rewrites the
// TS module; its unit test regenerates and compares.
//
// One function, rows(p, end, maxRows, need, delim, unit, volumeScale, direction, lastTs, hasLast, inOrder):
// the plain rows of the staged bytes [p, end) (end just past a '\n') into six f64 columns, as
// engine/data/csv/parse-rows-fast.ts reads them, up to maxRows of them. It returns how many rows
// it took and stores where it stopped and the direction the rows set (STATE_AT). It stops before
// the first row that is not plain in the narrowest sense — a quote, an exponent, more than 18
// digits, a mantissa past 2^53, a malformed field, high < low, a negative volume, a time out of
// order — and the JS pass reads that row: the kernel only has to agree with it on the rows it takes.
// Why: the JS pass costs ~2,200 instructions a row (V8 keeps every value a double and checks
// every typed-array access); here the digits are read eight at a time into an exact i64 mantissa.
// Numbers are the JS pass's bit for bit: an integer mantissa below 2^53 converted exactly, then one
// IEEE division by an exact power of ten (Clinger's fast path, as in numbers.ts), then the sign.
import { F64, I32, sleb, section, uleb, vec, name, wasmModuleSource, writeWhenRun } from './wasm-encoder.mjs';

const I64 = 0x7e;

// Memory: constant tables, the kernel's state, six output columns of ROWS_CAP rows, the staged bytes.
export const POW10_AT = 0; // 23 f64: 10^0 … 10^22
export const STATE_AT = 264; // i32 stop position, i32 direction
export const VECTORS_AT = 272; // 7 v128 constants (see `constants`)
export const ROLES_AT = 512; // i8 role of each field (0 ts, 1–5 open…volume, −1 ignored)
export const MAX_FIELDS = 1536;
export const OUT_AT = 2048;
export const ROWS_CAP = 32768;
export const IN_AT = OUT_AT + 6 * ROWS_CAP * 8;
/** Bytes staged at a time; 16 more are reserved: the last line's '\n' when the file has none, and the word reads past it. */
export const IN_CAP = 1 << 20;
const PAGES = Math.ceil((IN_AT + IN_CAP + 16) / 65536);

// ---- instructions (beyond the encoder's: byte and i64 access, i64 arithmetic, f64 division) ----
const op = (...b) => b;
const get = (i) => [0x20, ...uleb(i)];
const set = (i) => [0x21, ...uleb(i)];
const tee = (i) => [0x22, ...uleb(i)];
const i32 = (n) => [0x41, ...sleb(n)];
const i64 = (big) => [0x42, ...sleb64(BigInt.asIntN(64, big))];
const load8u = (off = 0) => [0x2d, 0, ...uleb(off)];
const load8s = (off = 0) => [0x2c, 0, ...uleb(off)];
const loadI64 = (off = 0) => [0x29, 3, ...uleb(off)];
const loadF64 = (off = 0) => [0x2b, 3, ...uleb(off)];
const storeF64 = (off = 0) => [0x39, 3, ...uleb(off)];
const storeI32 = (off = 0) => [0x36, 2, ...uleb(off)];
const [eqz, eq, ne, ltS, ltU, gtS, geS] = [op(0x45), op(0x46), op(0x47), op(0x48), op(0x49), op(0x4a), op(0x4e)];
const [add, sub, mul, and, or, shl, shrU] = [op(0x6a), op(0x6b), op(0x6c), op(0x71), op(0x72), op(0x74), op(0x76)];
const [i64GtU, i64Ctz, i64Add, i64Sub, i64Mul, i64And, i64Or, i64Xor, i64Shl, i64ShrU] = [op(0x56), op(0x7a), op(0x7c), op(0x7d), op(0x7e), op(0x83), op(0x84), op(0x85), op(0x86), op(0x88)];
const [wrap, extendU, f64FromI64] = [op(0xa7), op(0xad), op(0xb9)];
const [f64Eq, f64Lt, f64Gt, f64Ge] = [op(0x61), op(0x63), op(0x64), op(0x66)];
const [f64Neg, f64Floor, f64Add, f64Sub, f64Mul, f64Div, f64Copysign] = [op(0x9a), op(0x9c), op(0xa0), op(0xa1), op(0xa2), op(0xa3), op(0xa6)];
const select = op(0x1b);

function sleb64(n) {
  const out = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

// Structured control with named labels: br('name') is resolved to its depth when flattened.
const block = (label, ...body) => ({ kind: 0x02, label, body });
const loop = (label, ...body) => ({ kind: 0x03, label, body });
const when = (...body) => ({ kind: 0x04, label: null, body }); // `if` without else
const br = (label) => ({ br: 0x0c, label });
const brIf = (label) => ({ br: 0x0d, label });

function flatten(code, labels = []) {
  const out = [];
  for (const x of code) {
    if (Array.isArray(x)) out.push(...flatten(x, labels));
    else if (typeof x === 'number') out.push(x);
    else if (x.br) {
      const depth = labels.length - 1 - labels.lastIndexOf(x.label);
      if (depth >= labels.length) throw new Error(`no label ${x.label}`);
      out.push(x.br, ...uleb(depth));
    } else out.push(x.kind, 0x40, ...flatten(x.body, [...labels, x.label]), 0x0b);
  }
  return out;
}

// ---- the function ----
const NL = 10, CR = 13, QUOTE = 34, PLUS = 43, MINUS = 45, DOT = 46;
const COL = ROWS_CAP * 8;
const [P, END, MAX_ROWS, NEED, DELIM, UNIT, VOL_SCALE, DIR, LAST, HAS_LAST, IN_ORDER] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const params = [I32, I32, I32, I32, I32, I32, F64, I32, F64, I32, I32];
// locals: i32 …
const [k, rowStart, f, c, role, neg, nd, dot, kk, at] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
// … i64 …
const mant = 21;
// … f64
const [v, r] = [22, 23];
// … v128
const [vd, base] = [24, 25];
// … and v128 constants, set once (in registers, not rebuilt for every field)
const [ZEROS, TOP_PAST_9, IOTA, LOW_BYTES, K10, K100, K10000] = [26, 27, 28, 29, 30, 31, 32];
const locals = [[10, I32], [1, I64], [2, F64], [9, 0x7b]];
// Loaded from memory: TurboFan would rebuild a v128.const (three instructions) at every use.
const constants = () => [ZEROS, TOP_PAST_9, IOTA, LOW_BYTES, K10, K100, K10000].flatMap((l, i) => [...i32(VECTORS_AT + 16 * i), ...vLoad, ...set(l)]);

const ifNot = (cond, ...body) => [...cond, ...eqz, when(...body)];
const stopIf = (cond) => [...cond, brIf('stop')];
const isEnd = (cc) => [...get(cc), ...get(DELIM), ...eq, ...get(cc), ...i32(NL), ...eq, ...or, ...get(cc), ...i32(CR), ...eq, ...or];
const next = [...get(P), ...i32(1), ...add, ...tee(P), ...load8u(), ...set(c)];

// SIMD (prefix 0xfd)
const simd = (o, ...imm) => [0xfd, ...uleb(o), ...imm];
const vLoad = simd(0x00, 4, 0);
const lanes = (width, value) => {
  const b = new Uint8Array(16);
  const d = new DataView(b.buffer);
  for (let i = 0; i < 16 / width; i++) {
    if (width === 8) d.setBigUint64(8 * i, BigInt(value), true);
    else if (width === 4) d.setUint32(4 * i, value, true);
    else if (width === 2) d.setUint16(2 * i, value, true);
    else d.setUint8(i, value);
  }
  return [...b];
};
const [swizzle, splat8, eq8, geS8, vAnd, bitmask8, add8, addSatU8, sub8] = [simd(0x0e), simd(0x0f), simd(0x23), simd(0x2b), simd(0x4e), simd(0x64), simd(0x6e), simd(0x70), simd(0x71)];
const [shrU16, add16, mul16, shrU32, add32, mul32, shrU64, add64, mul64] = [simd(0x8d), simd(0x8e), simd(0x95), simd(0xad), simd(0xae), simd(0xb5), simd(0xcd), simd(0xce), simd(0xd5)];
const lane64 = (i) => simd(0x1d, i);
const [ctz, popcnt, xor] = [op(0x68), op(0x69), op(0x73)];
const NO_DOT = 127;

/**
 * A number field at P into v: [sign] then at most 15 digits with at most one '.' among them, read
 * as one 16-byte vector; c is the byte after it, P moves onto it. The digits are moved to the end
 * of a vector (the dot squeezed out, zeros before them), then pairs, quads and eights of digits
 * are combined in the lanes, and the two eights into the i64 mantissa.
 */
const number = [
  ...i32(0), ...set(neg),
  // a sign ('+' 43, '-' 45: below '.' 46, where digits take one test)
  ...get(P), ...load8u(), ...tee(c), ...i32(DOT), ...ltU,
  when(
    ...get(c), ...i32(MINUS), ...eq, ...get(c), ...i32(PLUS), ...eq, ...or,
    when(...get(c), ...i32(MINUS), ...eq, ...set(neg), ...get(P), ...i32(1), ...add, ...set(P)),
  ),
  ...get(P), ...vLoad, ...get(ZEROS), ...sub8, ...tee(vd),
  // bits of the bytes that are not digits (byte − '0' ≥ 10: + 118 saturating sets the top bit), and bit 16 so that a search always ends
  ...get(TOP_PAST_9), ...addSatU8, ...bitmask8, ...i32(0x10000), ...or, ...tee(nd),
  ...ctz, ...set(kk),
  ...i32(NO_DOT), ...set(dot),
  ...get(P), ...get(kk), ...add, ...load8u(), ...i32(DOT), ...eq,
  when(
    ...get(kk), ...set(dot),
    ...get(nd), ...i32(1), ...get(kk), ...shl, ...xor, ...ctz, ...set(kk),
  ),
  // kk: the field's length; nd: its digits
  ...stopIf([...get(kk), ...i32(15), ...gtS]),
  ...get(kk), ...get(dot), ...i32(NO_DOT), ...ne, ...sub, ...tee(nd), ...eqz, brIf('stop'),
  ...get(P), ...get(kk), ...add, ...tee(at), ...load8u(), ...set(c),
  // lane j takes digit j − (16 − nd), the byte after the dot from there on; lanes before the digits read 0
  ...get(vd),
  ...get(IOTA), ...get(nd), ...i32(16), ...sub, ...splat8, ...add8, ...tee(base), ...get(base), ...get(dot), ...splat8, ...geS8, ...sub8,
  ...swizzle, ...set(vd),
  // pairs: 10 × the first + the second (the x 10 of the second byte's 256s leaves the low byte at 0)
  ...get(vd), ...get(K10), ...mul16, ...get(LOW_BYTES), ...vAnd, ...get(vd), ...i32(8), ...shrU16, ...add16, ...set(vd),
  // quads and eights: the ×0 lanes clear the high halves
  ...get(vd), ...get(K100), ...mul16, ...get(vd), ...i32(16), ...shrU32, ...add32, ...set(vd),
  ...get(vd), ...get(K10000), ...mul32, ...get(vd), ...i32(32), ...shrU64, ...add64, ...set(vd),
  ...get(vd), ...lane64(0), ...i64(100000000n), ...i64Mul, ...get(vd), ...lane64(1), ...i64Add, ...tee(mant),
  ...i64(0x1fffffffffffffn), ...i64GtU, brIf('stop'),
  ...get(mant), ...f64FromI64, ...set(v),
  // scale: the digits after the dot
  ...get(dot), ...i32(NO_DOT), ...ne,
  when(...get(v), ...get(kk), ...get(dot), ...sub, ...i32(1), ...sub, ...i32(3), ...shl, ...i32(POW10_AT), ...add, ...loadF64(), ...f64Div, ...set(v)),
  ...get(neg), when(...get(v), ...f64Neg, ...set(v)),
  ...get(at), ...set(P),
];

/** epochToMs (timestamps.ts): ms floor(v); s Math.round(v × 1000) (halves up, −0 kept); µs floor(v / 1000). */
const toMs = [
  ...get(UNIT), ...i32(1), ...eq,
  when(
    ...get(v), ...f64(1000), ...f64Mul, ...tee(v), ...f64Floor, ...set(r),
    ...get(v), ...get(r), ...f64Sub, ...f64(0.5), ...f64Ge, when(...get(r), ...f64(1), ...f64Add, ...set(r)),
    // Math.round(−0.3) is −0: a zero takes the sign of the product
    ...get(r), ...get(v), ...f64Copysign, ...get(r), ...get(r), ...f64(0), ...f64Eq, ...select, ...set(v),
  ),
  ...get(UNIT), ...i32(2), ...eq, when(...get(v), ...f64(1000), ...f64Div, ...set(v)),
  ...get(UNIT), ...i32(1), ...ne, when(...get(v), ...f64Floor, ...set(v)),
];

function f64(xv) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, xv, true);
  return [0x44, ...b];
}

/** What column `col` keeps of the number v: a time in ms; a volume, not negative, scaled. */
const valueOf = (col) => (col === 0 ? toMs : col === 5 ? [...stopIf([...get(v), ...f64(0), ...f64Lt]), ...get(v), ...get(VOL_SCALE), ...f64Mul, ...set(v)] : []);

const colAt = (col) => [...i32(OUT_AT + col * COL), ...get(k), ...i32(3), ...shl, ...add];

const body = [
  ...constants(),
  ...i32(0), ...set(k),
  block('done',
    block('stop',
      loop('row',
        ...get(P), ...get(END), ...geS, brIf('done'),
        ...get(k), ...get(MAX_ROWS), ...geS, brIf('done'),
        // blank lines: '\n', '\r\n'
        ...get(P), ...load8u(), ...tee(c), ...i32(NL), ...eq, when(...get(P), ...i32(1), ...add, ...set(P), br('row')),
        ...get(c), ...i32(CR), ...eq, ...get(P), ...load8u(1), ...i32(NL), ...eq, ...and, when(...get(P), ...i32(2), ...add, ...set(P), br('row')),
        ...get(P), ...set(rowStart),
        // ts, open, high, low, close, volume in that order (the usual file): the fields written out
        ...get(IN_ORDER),
        {
          kind: 0x04, label: null, body: [
            ...[0, 1, 2, 3, 4, 5].flatMap((col) => [
              ...number,
              ...valueOf(col),
              ...colAt(col), ...get(v), ...storeF64(),
              ...(col < 5 ? [...stopIf([...get(c), ...get(DELIM), ...ne]), ...get(P), ...i32(1), ...add, ...set(P)] : stopIf([...isEnd(c), ...eqz])),
            ]),
            0x05,
            ...i32(0), ...set(f),
            loop('field',
              ...get(f), ...load8s(ROLES_AT), ...tee(role), ...i32(0), ...ltS,
              {
                kind: 0x04, label: null, body: [
                  // an ignored field: anything but a quote, up to its end
                  ...get(P), ...load8u(), ...tee(c), ...i32(QUOTE), ...eq, brIf('stop'),
                  block('skipped', loop('skip', ...isEnd(c), brIf('skipped'), ...next, br('skip'))),
                  0x05,
                  ...number,
                  ...get(role), ...eqz, when(...valueOf(0)),
                  ...get(role), ...i32(5), ...eq, when(...valueOf(5)),
                  ...get(role), ...i32(COL), ...mul, ...i32(OUT_AT), ...add, ...get(k), ...i32(3), ...shl, ...add, ...get(v), ...storeF64(),
                ],
              },
              ...get(f), ...i32(1), ...add, ...tee(f), ...get(NEED), ...ltS,
              when(...stopIf([...get(c), ...get(DELIM), ...ne]), ...get(P), ...i32(1), ...add, ...set(P), br('field')),
              ...stopIf([...isEnd(c), ...eqz]),
            ),
          ],
        },
        // the rest of the line (extra columns) is not looked at
        block('eol', loop('rest', ...get(c), ...i32(NL), ...eq, brIf('eol'), ...next, br('rest'))),
        ...get(P), ...i32(1), ...add, ...set(P),
        ...stopIf([...colAt(2), ...loadF64(), ...colAt(3), ...loadF64(), ...f64Lt]),
        ...colAt(0), ...loadF64(), ...set(v),
        ...get(HAS_LAST),
        when(
          ...stopIf([...get(v), ...get(LAST), ...f64Eq]),
          ...i32(1), ...i32(-1), ...get(v), ...get(LAST), ...f64Gt, ...select, ...set(at),
          ...get(DIR), ...eqz, when(...get(at), ...set(DIR)),
          ...stopIf([...get(at), ...get(DIR), ...ne]),
        ),
        ...get(v), ...set(LAST), ...i32(1), ...set(HAS_LAST),
        ...get(k), ...i32(1), ...add, ...set(k),
        br('row'),
      ),
    ),
    // a row not taken: the JS pass reads it
    ...get(rowStart), ...set(P),
  ),
  ...i32(STATE_AT), ...get(P), ...storeI32(),
  ...i32(STATE_AT), ...get(DIR), ...storeI32(4),
  ...get(k),
];

/** Constant tables as a data segment at address 0. */
function tables() {
  const b = new Uint8Array(VECTORS_AT + 7 * 16);
  const d = new DataView(b.buffer);
  for (let i = 0; i <= 22; i++) d.setFloat64(POW10_AT + 8 * i, 10 ** i, true);
  const vectors = [lanes(1, 0x30), lanes(1, 118), Array.from({ length: 16 }, (_, i) => i), lanes(2, 0xff), lanes(2, 10), lanes(4, 100), lanes(8, 10000)];
  vectors.forEach((bytes, i) => b.set(bytes, VECTORS_AT + 16 * i));
  return b;
}

/**
 * lines(p, end): how many '\n' bytes [p, end) holds, 16 at a time (the 16 bytes from end must be
 * zeros). The caller counts a file's lines first to size its columns exactly.
 */
const [LP, LEND, LCOUNT] = [0, 1, 2];
const linesBody = [
  ...i32(0), ...set(LCOUNT),
  block('counted', loop('vectors',
    ...get(LP), ...get(LEND), ...geS, brIf('counted'),
    ...get(LCOUNT), ...get(LP), ...vLoad, ...i32(NL), ...splat8, ...eq8, ...bitmask8, ...popcnt, ...add, ...set(LCOUNT),
    ...get(LP), ...i32(16), ...add, ...set(LP),
    br('vectors'),
  )),
  ...get(LCOUNT),
];

export function csvWasmBytes() {
  const rowsCode = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...flatten(body), 0x0b];
  const linesCode = [...vec([[1, I32]]), ...flatten(linesBody), 0x0b];
  const data = tables();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(params.map((t) => [t])), ...vec([[I32]])], [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])]])),
    ...section(3, vec([uleb(0), uleb(1)])),
    ...section(5, vec([[0x00, ...uleb(PAGES)]])),
    ...section(7, vec([[...name('memory'), 0x02, ...uleb(0)], [...name('rows'), 0x00, ...uleb(0)], [...name('lines'), 0x00, ...uleb(1)]])),
    ...section(10, vec([[...uleb(rowsCode.length), ...rowsCode], [...uleb(linesCode.length), ...linesCode]])),
    ...section(11, vec([[0x00, ...i32(0), 0x0b, ...vec(Array.from(data, (y) => [y]))]])),
  ]);
}

export function csvWasmModuleSource(bytes = csvWasmBytes()) {
  const layout = { POW10_AT, STATE_AT, ROLES_AT, MAX_FIELDS, OUT_AT, ROWS_CAP, IN_AT, IN_CAP };
  const consts = Object.entries(layout).map(([key, val]) => `export const ${key} = ${val};`).join('\n');
  return `${wasmModuleSource({ bytes, generator: 'gen-csv-wasm.mjs', constName: 'CSV_ROWS_WASM', doc: 'The CSV rows kernel (plain rows into six f64 columns); see the generator.' })}
/** The kernel's memory layout (byte addresses). */
${consts}
`;
}

writeWhenRun(import.meta.url, '../engine/data/csv/csv-rows.wasm.ts', () => csvWasmModuleSource());
