// Emits the PIVOTS period-extremes WebAssembly module (engine/indicators/wasm/pivots.wasm.ts),
// with the same dependency-free encoder as scripts/gen-ichimoku-wasm.mjs. `node
// scripts/gen-pivots-wasm.mjs` rewrites the TS module; its unit test regenerates and compares.
//
// One function, extremes(h, l, c, i0, i1, out): over staged bars [i0, i1) (i1 - i0 >= 2) of the
// f64 columns at byte offsets h, l and c, stores at byte offset `out` the highest high, the lowest
// low and a sum of every high, low and close (NaN if any of them is: the caller's NaN test).
// Why: V8 compiles the scalar `if (h > hi) hi = h` to a branch that mispredicts on prices; here
// f64x2.pmax/pmin (one maxpd/minpd, no branch) take two bars at a time. pmax(acc, x) is
// `x > acc ? x : acc`, the JS comparison; an odd count ends with the last pair again (extremes
// are idempotent; the sum only has to be NaN when an input is). Lanes gather the extremes in
// another order than the scalar loop, which can only matter between -0 and +0: the caller runs
// the scalar loop when an extreme is zero.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n) => {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const name = (s) => vec([...new TextEncoder().encode(s)].map((b) => [b]));

const I32 = 0x7f;
const V128 = 0x7b;

const get = (i) => [0x20, ...uleb(i)];
const set = (i) => [0x21, ...uleb(i)];
const tee = (i) => [0x22, ...uleb(i)];
const i32 = (n) => [0x41, ...sleb(n)];
const add = [0x6a];
const sub = [0x6b];
const shl = [0x74];
const ltS = [0x48];
const gtS = [0x4a];
const f64Lt = [0x63];
const select = [0x1b];
const end = [0x0b];
const block = (...body) => [0x02, 0x40, ...body.flat(), ...end];
const loop = (...body) => [0x03, 0x40, ...body.flat(), ...end];
const ifThen = (...body) => [0x04, 0x40, ...body.flat(), ...end];
const brIf = (depth) => [0x0d, ...uleb(depth)];
const br = (depth) => [0x0c, ...uleb(depth)];
const f64Store = (offset = 0) => [0x39, 3, ...uleb(offset)];
const f64Add = [0xa0];
const simd = (op, ...imm) => [0xfd, ...uleb(op), ...imm];
const v128Load = simd(0x00, 4, 0);
const v128Const = (lo, hi) => {
  const b = new Uint8Array(16);
  const d = new DataView(b.buffer);
  d.setFloat64(0, lo, true);
  d.setFloat64(8, hi, true);
  return simd(0x0c, ...b);
};
const extractLane = (lane) => simd(0x21, lane);
const pmin = simd(0xf6);
const pmax = simd(0xf7);
const vAdd = simd(0xf0);

// parameters (i32): byte offsets of the highs, lows and closes, bars i0 and i1, output byte offset
const [H, L, C, I0, I1, OUT] = [0, 1, 2, 3, 4, 5];
const params = 6;
// locals: i32 then v128
const [j] = [6];
const [accH, accL, accS, x, y] = [7, 8, 9, 10, 11];

const at = (base) => [...get(base), ...get(j), ...i32(3), ...shl, ...add];

/** The pair of bars j, j + 1 into the accumulators. */
const pair = [
  ...get(accH), ...at(H), ...v128Load, ...tee(x), ...pmax, ...set(accH),
  ...get(accL), ...at(L), ...v128Load, ...tee(y), ...pmin, ...set(accL),
  ...get(accS), ...get(x), ...get(y), ...vAdd, ...at(C), ...v128Load, ...vAdd, ...vAdd, ...set(accS),
];

/** Lanes 0 and 1 of local v combined as pmax (`b > a ? b : a`) or pmin (`b < a ? b : a`). */
const lanes = (v, max) => [
  ...get(v), ...extractLane(1), ...get(v), ...extractLane(0),
  ...(max ? [...get(v), ...extractLane(0), ...get(v), ...extractLane(1)] : [...get(v), ...extractLane(1), ...get(v), ...extractLane(0)]),
  ...f64Lt, ...select,
];

const body = [
  ...v128Const(-Infinity, -Infinity), ...set(accH),
  ...v128Const(Infinity, Infinity), ...set(accL),
  ...v128Const(0, 0), ...set(accS),
  ...get(I0), ...set(j),
  ...block(loop(
    ...get(j), ...i32(2), ...add, ...get(I1), ...gtS, ...brIf(1),
    ...pair,
    ...get(j), ...i32(2), ...add, ...set(j),
    ...br(0),
  )),
  // an odd count: the last two bars
  ...get(j), ...get(I1), ...ltS,
  ...ifThen(...get(I1), ...i32(2), ...sub, ...set(j), ...pair),
  ...get(OUT), ...lanes(accH, true), ...f64Store(0),
  ...get(OUT), ...lanes(accL, false), ...f64Store(8),
  ...get(OUT), ...get(accS), ...extractLane(0), ...get(accS), ...extractLane(1), ...f64Add, ...f64Store(16),
];

export function pivotsWasmBytes() {
  const code = [...vec([[1, I32], [5, V128]].map(([n, t]) => [...uleb(n), t])), ...body, ...end];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: params }, () => [I32])), ...vec([])]])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(3)]])),
    ...section(7, vec([[...name('memory'), 0x02, ...uleb(0)], [...name('extremes'), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new Uint8Array(bytes);
}

export function pivotsWasmModuleSource(bytes = pivotsWasmBytes()) {
  const rows = [];
  for (let i = 0; i < bytes.length; i += 24) rows.push('  ' + Array.from(bytes.subarray(i, i + 24)).join(', ') + ',');
  return `// Generated by scripts/gen-pivots-wasm.mjs — do not edit; run \`node scripts/gen-pivots-wasm.mjs\`.
/** The PIVOTS period-extremes kernel (f64x2 pmax/pmin two bars at a time); see the generator. */
export const PIVOTS_WASM = new Uint8Array([
${rows.join('\n')}
]);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../engine/indicators/wasm/pivots.wasm.ts', import.meta.url));
  writeFileSync(out, pivotsWasmModuleSource());
  console.log(`wrote ${out}`);
}
