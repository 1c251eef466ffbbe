// Emits the Ichimoku window-extremes WebAssembly module (engine/indicators/wasm/ichimoku.wasm.ts).
// A hand-written encoder instead of a wasm toolchain: the module is one function, and this
// keeps the project free of a build-time dependency. `node scripts/gen-ichimoku-wasm.mjs`
// rewrites the TS module; its unit test regenerates the bytes and compares.
//
// Why SIMD: V8 compiles every scalar float max/min to a data-dependent branch, and on prices
// those mispredict about half the time. f64x2.pmax is one maxpd, no branch. Each f64x2 holds
// (high, -low): one pmax chain yields the window high in lane 0 and -(window low) in lane 1
// (negation is exact and max(-x) = -min(x)). pmax(a, b) = a < b ? b : a, so the JS form
// `x > y ? x : y` is pmax(y, x) and `l < m ? l : m` on lows is pmax(-m, -l): every call below
// keeps the JS operand order, so even ties between -0 and +0 pick the same value.
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

// instructions
const get = (i) => [0x20, ...uleb(i)];
const set = (i) => [0x21, ...uleb(i)];
const tee = (i) => [0x22, ...uleb(i)];
const i32 = (n) => [0x41, ...sleb(n)];
const add = [0x6a];
const sub = [0x6b];
const shl = [0x74];
const ltS = [0x48];
const geS = [0x4e];
const select = [0x1b];
const end = [0x0b];
const block = (...body) => [0x02, 0x40, ...body.flat(), ...end];
const loop = (...body) => [0x03, 0x40, ...body.flat(), ...end];
const brIf = (depth) => [0x0d, ...uleb(depth)];
const br = (depth) => [0x0c, ...uleb(depth)];
const f64Load = (offset = 0) => [0x2b, 3, ...uleb(offset)];
const f64Store = [0x39, 3, 0];
const f64Neg = [0x9a];
const f64Sub = [0xa1];
const f64Add = [0xa0];
const f64Mul = [0xa2];
const f64 = (x) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [0x44, ...b];
};
const simd = (op, ...imm) => [0xfd, ...uleb(op), ...imm];
const v128Load = simd(0x00, 4, 0);
const v128Store = simd(0x0b, 4, 0);
const load64Splat = simd(0x0a, 3, 0);
const v128Const = (lo, hi) => {
  const b = new Uint8Array(16);
  const d = new DataView(b.buffer);
  d.setFloat64(0, lo, true);
  d.setFloat64(8, hi, true);
  return simd(0x0c, ...b);
};
const replaceLane = (lane) => simd(0x22, lane);
const extractLane = (lane) => simd(0x21, lane);
const shuffle = (...lanes) => simd(0x0d, ...lanes);
const pmax = simd(0xf7);
const vSub = simd(0xf1);
const vMul = simd(0xf2);

// parameters (i32): positions m, tenkan q, first kijun position k1, lead, look-backs d1 d2
// (tenkan windows in a kijun window) c1 c2 (kijun windows in span B's), then byte offsets of
// the staged lows (highs at 0), pairs, block suffixes, tenkan and kijun extremes, and the four
// outputs (position lead and on)
const [M, Q, K1, LEAD, D1, D2, C1, C2, L, P, S, T, K, OT, OK, OA, OB] = Array.from({ length: 17 }, (_, i) => i);
const params = 17;
// locals: i32 then v128
const [s, e, j, stop] = [17, 18, 19, 20];
const [acc, x, y] = [21, 22, 23];

/** Address of pair position `idx` (an i32 local or expression) in region `base`: base + (idx << 4). */
const pairAt = (base, idx) => [...get(base), ...idx, ...i32(4), ...shl, ...add];
const scalarAt = (base, idx) => [...get(base), ...idx, ...i32(3), ...shl, ...add];
const minI32 = (a, b) => [...a, ...b, ...a, ...b, ...ltS, ...select];

const body = [
  // pass 1: per block of q positions from 0, pairs P[j] = (h, -l) and suffix extremes S[j] (j to
  // the block's end), walking each block backwards (blockSuffixStaged)
  ...i32(0), ...set(s),
  ...block(loop(
    ...get(s), ...get(M), ...geS, ...brIf(1),
    ...minI32([...get(s), ...get(Q), ...add], get(M)), ...set(j),
    ...v128Const(-Infinity, -Infinity), ...set(acc),
    ...block(loop(
      ...get(j), ...i32(1), ...sub, ...tee(j), ...get(s), ...ltS, ...brIf(1),
      // x = (h, -l)
      ...get(j), ...i32(3), ...shl, ...load64Splat,
      ...get(L), ...get(j), ...i32(3), ...shl, ...add, ...f64Load(), ...f64Neg, ...replaceLane(1), ...set(x),
      ...pairAt(P, get(j)), ...get(x), ...v128Store,
      ...pairAt(S, get(j)), ...get(acc), ...get(x), ...pmax, ...tee(acc), ...v128Store,
      ...br(0),
    )),
    ...get(s), ...get(Q), ...add, ...set(s),
    ...br(0),
  )),
  // pass 2: tenkan extremes T[e] = pmax(running extreme since e's block start, S[e - q + 1]) for
  // every e (tenkanStaged); e < q - 1 reads below S (inside P) and yields values never read
  ...i32(0), ...set(s),
  ...block(loop(
    ...get(s), ...get(M), ...geS, ...brIf(1),
    ...minI32([...get(s), ...get(Q), ...add], get(M)), ...set(stop),
    ...v128Const(-Infinity, -Infinity), ...set(acc),
    ...get(s), ...set(e),
    ...block(loop(
      ...get(e), ...get(stop), ...geS, ...brIf(1),
      ...get(acc), ...pairAt(P, get(e)), ...v128Load, ...pmax, ...set(acc),
      ...pairAt(T, get(e)),
      ...get(acc), ...pairAt(S, [...get(e), ...get(Q), ...sub, ...i32(1), ...add]), ...v128Load, ...pmax,
      ...v128Store,
      ...get(e), ...i32(1), ...add, ...set(e),
      ...br(0),
    )),
    ...get(s), ...get(Q), ...add, ...set(s),
    ...br(0),
  )),
  // pass 3: kijun extremes K[e] = pmax(T[e-d2], pmax(T[e-d1], T[e])) for e in [k1, m) (kijunStaged)
  ...get(K1), ...set(e),
  ...block(loop(
    ...get(e), ...get(M), ...geS, ...brIf(1),
    ...pairAt(K, get(e)),
    ...pairAt(T, [...get(e), ...get(D2), ...sub]), ...v128Load,
    ...pairAt(T, [...get(e), ...get(D1), ...sub]), ...v128Load,
    ...pairAt(T, get(e)), ...v128Load,
    ...pmax, ...pmax, ...v128Store,
    ...get(e), ...i32(1), ...add, ...set(e),
    ...br(0),
  )),
  // pass 4: for e in [lead, m), span B's extremes pmax(K[e-c2], pmax(K[e-c1], K[e])) and the
  // lines, with ichimokuLinesStaged's arithmetic: (h + l) / 2 is (h - (-l)) * 0.5 exactly
  ...get(LEAD), ...set(e),
  ...i32(0), ...set(j),
  ...block(loop(
    ...get(e), ...get(M), ...geS, ...brIf(1),
    // x = (tenkan, kijun)
    ...pairAt(T, get(e)), ...v128Load, ...set(x),
    ...pairAt(K, get(e)), ...v128Load, ...set(y),
    ...get(x), ...get(y), ...shuffle(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    ...get(x), ...get(y), ...shuffle(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
    ...vSub, ...v128Const(0.5, 0.5), ...vMul, ...set(x),
    ...scalarAt(OT, get(j)), ...get(x), ...extractLane(0), ...f64Store,
    ...scalarAt(OK, get(j)), ...get(x), ...extractLane(1), ...f64Store,
    ...scalarAt(OA, get(j)), ...get(x), ...extractLane(0), ...get(x), ...extractLane(1), ...f64Add, ...f64(0.5), ...f64Mul, ...f64Store,
    // y = span B's extremes
    ...pairAt(K, [...get(e), ...get(C2), ...sub]), ...v128Load,
    ...pairAt(K, [...get(e), ...get(C1), ...sub]), ...v128Load,
    ...get(y),
    ...pmax, ...pmax, ...set(y),
    ...scalarAt(OB, get(j)), ...get(y), ...extractLane(0), ...get(y), ...extractLane(1), ...f64Sub, ...f64(0.5), ...f64Mul, ...f64Store,
    ...get(e), ...i32(1), ...add, ...set(e),
    ...get(j), ...i32(1), ...add, ...set(j),
    ...br(0),
  )),
];

export function ichimokuWasmBytes() {
  const code = [...vec([[4, I32], [3, V128]].map(([n, t]) => [...uleb(n), t])), ...body, ...end];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: params }, () => [I32])), ...vec([])]])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([[...name('memory'), 0x02, ...uleb(0)], [...name('ichimoku'), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new Uint8Array(bytes);
}

export function ichimokuWasmModuleSource(bytes = ichimokuWasmBytes()) {
  const rows = [];
  for (let i = 0; i < bytes.length; i += 24) rows.push('  ' + Array.from(bytes.subarray(i, i + 24)).join(', ') + ',');
  return `// Generated by scripts/gen-ichimoku-wasm.mjs — do not edit; run \`node scripts/gen-ichimoku-wasm.mjs\`.
/** The Ichimoku window-extremes kernel (f64x2 pmax over (high, -low) pairs); see the generator. */
export const ICHIMOKU_WASM = new Uint8Array([
${rows.join('\n')}
]);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../engine/indicators/wasm/ichimoku.wasm.ts', import.meta.url));
  writeFileSync(out, ichimokuWasmModuleSource());
  console.log(`wrote ${out}`);
}
