// Emits the PIVOTS period-extremes WebAssembly module (engine/indicators/wasm/pivots.wasm.ts),
// with the same dependency-free encoder as scripts/gen-ichimoku-wasm.mjs. `node
// scripts/gen-pivots-wasm.mjs` rewrites the TS module; its unit test regenerates and compares.
//
// One function, run(len, i0, n, from, to, out): the staged chunk's timestamps, highs, lows and
// closes are f64 columns of length len from address 0; from bar i0 it finds the run of bars
// before n whose timestamp lies in [from, to] and returns its end i1; if the run is not empty,
// it stores at f64 index `out` the run's highest high, lowest low and a sum of every high, low
// and close (NaN if any of them is: the caller's NaN test).
// Why: V8 compiles the scalar `if (h > hi) hi = h` to a branch that mispredicts on prices; here
// f64x2.pmax/pmin (one maxpd/minpd, no branch) take two bars at a time. pmax(acc, x) is
// `x > acc ? x : acc`, the JS comparison; an odd count ends with the last pair again, or a lone
// bar in both lanes (extremes are idempotent; the sum only has to be NaN when an input is). Lanes
// gather the extremes in another order than the scalar loop, which can only matter between -0 and
// +0: the caller runs the scalar loop when an extreme is zero. The timestamp scan is here too, so
// the JS loop takes one call per run instead of a check per bar.
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
const F64 = 0x7c;
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
const geS = [0x4e];
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
const f64Load = (offset = 0) => [0x2b, 3, ...uleb(offset)];
const f64Ge = [0x66];
const f64Le = [0x65];
const and = [0x71];
const eqz = [0x45];
const eq = [0x46];
const ret = [0x0f];
const ifElse = (a, b) => [0x04, 0x40, ...a, 0x05, ...b, ...end];
const simd = (op, ...imm) => [0xfd, ...uleb(op), ...imm];
const v128Load = simd(0x00, 4, 0);
const load64Splat = simd(0x0a, 3, 0);
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

// parameters: i32 len (the staged columns' length: timestamps at 0, highs, lows and closes after
// them), i32 i0, i32 n, f64 from, f64 to, i32 out (an f64 index)
const [LEN, I0, N, FROM, TO, OUT] = [0, 1, 2, 3, 4, 5];
const paramTypes = [I32, I32, I32, F64, F64, I32];
// locals: i32 then v128
const [j, i1, H, L, C] = [6, 7, 8, 9, 10];
const [accH, accL, accS, x, y] = [11, 12, 13, 14, 15];
// then f64
const t = 16;

const at = (base) => [...get(base), ...get(j), ...i32(3), ...shl, ...add];

/** The pair of bars j, j + 1 (or bar j in both lanes: splat) into the accumulators. */
const pair = (load) => [
  ...get(accH), ...at(H), ...load, ...tee(x), ...pmax, ...set(accH),
  ...get(accL), ...at(L), ...load, ...tee(y), ...pmin, ...set(accL),
  ...get(accS), ...get(x), ...get(y), ...vAdd, ...at(C), ...load, ...vAdd, ...vAdd, ...set(accS),
];

/** Lanes 0 and 1 of local v combined as pmax (`b > a ? b : a`) or pmin (`b < a ? b : a`). */
const lanes = (v, max) => [
  ...get(v), ...extractLane(1), ...get(v), ...extractLane(0),
  ...(max ? [...get(v), ...extractLane(0), ...get(v), ...extractLane(1)] : [...get(v), ...extractLane(1), ...get(v), ...extractLane(0)]),
  ...f64Lt, ...select,
];

const body = [
  ...get(LEN), ...i32(3), ...shl, ...tee(H), ...get(H), ...add, ...tee(L), ...get(H), ...add, ...set(C),
  // the run: bars from i0 whose timestamp lies in [from, to]
  ...get(I0), ...set(j),
  ...block(loop(
    ...get(j), ...get(N), ...geS, ...brIf(1),
    ...get(j), ...i32(3), ...shl, ...f64Load(), ...tee(t), ...get(FROM), ...f64Ge,
    ...get(t), ...get(TO), ...f64Le, ...and, ...eqz, ...brIf(1),
    ...get(j), ...i32(1), ...add, ...set(j),
    ...br(0),
  )),
  ...get(j), ...set(i1),
  ...get(i1), ...get(I0), ...sub, ...eqz,
  ...ifThen(...get(i1), ...ret),
  ...v128Const(-Infinity, -Infinity), ...set(accH),
  ...v128Const(Infinity, Infinity), ...set(accL),
  ...v128Const(0, 0), ...set(accS),
  ...get(I0), ...set(j),
  ...block(loop(
    ...get(j), ...i32(2), ...add, ...get(i1), ...gtS, ...brIf(1),
    ...pair(v128Load),
    ...get(j), ...i32(2), ...add, ...set(j),
    ...br(0),
  )),
  // an odd count: the last two bars, or the only one in both lanes
  ...get(j), ...get(i1), ...ltS,
  ...ifThen(
    ...get(i1), ...get(I0), ...sub, ...i32(1), ...eq,
    ...ifElse(pair(load64Splat), [...get(i1), ...i32(2), ...sub, ...set(j), ...pair(v128Load)]),
  ),
  ...get(OUT), ...i32(3), ...shl, ...lanes(accH, true), ...f64Store(0),
  ...get(OUT), ...i32(3), ...shl, ...lanes(accL, false), ...f64Store(8),
  ...get(OUT), ...i32(3), ...shl, ...get(accS), ...extractLane(0), ...get(accS), ...extractLane(1), ...f64Add, ...f64Store(16),
  ...get(i1),
];

export function pivotsWasmBytes() {
  const code = [...vec([[5, I32], [5, V128], [1, F64]].map(([n, t]) => [...uleb(n), t])), ...body, ...end];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(paramTypes.map((t) => [t])), ...vec([[I32]])]])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(3)]])),
    ...section(7, vec([[...name('memory'), 0x02, ...uleb(0)], [...name('run'), 0x00, ...uleb(0)]])),
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
