// Emits the CCI mean-deviation WebAssembly module (engine/indicators/wasm/cci.wasm.ts), with the
// dependency-free encoder of gen-ichimoku-wasm.mjs. `node scripts/gen-cci-wasm.mjs` rewrites the
// TS module; its unit test regenerates the bytes and compares.
//
// CCI's windows are recomputed per bar (a sum and a sum of |tp - mean| over p values). Bars b and
// b+1 read the same run shifted by one, so the k-th values of their windows, w[b+k] and
// w[b+1+k], are adjacent: one unaligned v128.load holds both, and each f64x2 lane accumulates
// exactly one bar's window from k = 0 up, in the order of oscillators.ts's cciWindow (lanes never
// mix): the results are bit-identical to the JS forms. Eight bars per pass (four accumulators).
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
const vLoad = (off) => simd(0x00, 3, ...uleb(off));
const vStore = (off) => simd(0x0b, 3, ...uleb(off));
const splat = simd(0x14);
const vNe = simd(0x48);
const vAnd = simd(0x4e);
const vAbs = simd(0xec);
const vAdd = simd(0xf0);
const vDiv = simd(0xf3);
const gtS = [0x4a];
const f64ConvertI32S = [0xb7];

// cci(m, p, o): tp of the window-and-chunk at byte 0 (w[0 .. m+p-1)); the CCI of bars j = 0 ..
// m-1 (window w[j .. j+p), own tp w[j+p-1]) to byte o + 8j, for j below m rounded down to 8.
const [M, P, O] = [0, 1, 2];
const params = 3;
const [j, a, kend] = [3, 4, 5];
const S = [6, 7, 8, 9];
const D = [10, 11, 12, 13];
const [vp, x] = [14, 15];

const zero = v128Const(0, 0);
const body = [
  ...get(P), ...f64ConvertI32S, ...splat, ...set(vp),
  ...i32(0), ...set(j),
  ...block(loop(
    ...get(j), ...i32(8), ...add, ...get(M), ...gtS, ...brIf(1),
    // sums, then means
    ...S.flatMap((s) => [...zero, ...set(s)]),
    ...get(j), ...i32(3), ...shl, ...set(a),
    ...get(j), ...get(P), ...add, ...i32(3), ...shl, ...set(kend),
    ...block(loop(
      ...get(a), ...get(kend), ...geS, ...brIf(1),
      ...S.flatMap((s, i) => [...get(s), ...get(a), ...vLoad(16 * i), ...vAdd, ...set(s)]),
      ...get(a), ...i32(8), ...add, ...set(a),
      ...br(0),
    )),
    ...S.flatMap((s) => [...get(s), ...get(vp), ...vDiv, ...set(s)]),
    // deviations
    ...D.flatMap((d) => [...zero, ...set(d)]),
    ...get(j), ...i32(3), ...shl, ...set(a),
    ...block(loop(
      ...get(a), ...get(kend), ...geS, ...brIf(1),
      ...D.flatMap((d, i) => [...get(d), ...get(a), ...vLoad(16 * i), ...get(S[i]), ...vSub, ...vAbs, ...vAdd, ...set(d)]),
      ...get(a), ...i32(8), ...add, ...set(a),
      ...br(0),
    )),
    // values: diff / (0.015 * (dev / p)), 0 where diff or dev is 0
    ...S.flatMap((s, i) => [
      ...get(O), ...get(j), ...i32(3), ...shl, ...add,
      ...get(kend), ...i32(8), ...sub, ...vLoad(16 * i), ...get(s), ...vSub, ...set(x),
      ...get(x), ...v128Const(0.015, 0.015), ...get(D[i]), ...get(vp), ...vDiv, ...vMul, ...vDiv,
      ...get(x), ...zero, ...vNe, ...get(D[i]), ...zero, ...vNe, ...vAnd, ...vAnd,
      ...vStore(16 * i),
    ]),
    ...get(j), ...i32(8), ...add, ...set(j),
    ...br(0),
  )),
];

export function cciWasmBytes() {
  const code = [...vec([[3, I32], [10, V128]].map(([n, t]) => [...uleb(n), t])), ...body, ...end];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: params }, () => [I32])), ...vec([])]])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([[...name('memory'), 0x02, ...uleb(0)], [...name('cci'), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new Uint8Array(bytes);
}

export function cciWasmModuleSource(bytes = cciWasmBytes()) {
  const rows = [];
  for (let i = 0; i < bytes.length; i += 24) rows.push('  ' + Array.from(bytes.subarray(i, i + 24)).join(', ') + ',');
  return `// Generated by scripts/gen-cci-wasm.mjs — do not edit; run \`node scripts/gen-cci-wasm.mjs\`.
/** The CCI window kernel (f64x2 lanes = two adjacent bars' windows); see the generator. */
export const CCI_WASM = new Uint8Array([
${rows.join('\n')}
]);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../engine/indicators/wasm/cci.wasm.ts', import.meta.url));
  writeFileSync(out, cciWasmModuleSource());
  console.log(`wrote ${out}`);
}
