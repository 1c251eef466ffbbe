// Emits the AROON WebAssembly module (engine/indicators/wasm/aroon.wasm.ts), with the same
// dependency-free encoder as scripts/gen-ichimoku-wasm.mjs. `node scripts/gen-aroon-wasm.mjs`
// rewrites the TS module; its unit test regenerates and compares.
//
// Aroon needs the index of the newest highest high and of the newest lowest low over p+1 bars.
// frame.ts's JS kernel (argSuffix/aroonBlock) does it van Herk style: per block of p+1 bars a
// backward pass of suffix arg-extremes (strict `>`: ties keep the later bar), a forward pass of
// prefix arg-extremes (`>=`: ties take the newer bar) and the suffix at j - p, which wins only
// when strictly more extreme. Here each f64x2 holds (high, -low), so one chain serves both sides
// (l < m is -l > -m exactly; only indices come out, so zeros' signs cannot matter), the indices
// ride along as (f64, f64) lanes, and every choice is a compare mask and v128.bitselect: no
// branch. Outputs with AroonStream's arithmetic: factor·(p - (j - index)) for up and down, or
// factor·(index of the high - index of the low).
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
const select = [0x1b];
const end = [0x0b];
const block = (...body) => [0x02, 0x40, ...body.flat(), ...end];
const loop = (...body) => [0x03, 0x40, ...body.flat(), ...end];
const ifThen = (...body) => [0x04, 0x40, ...body.flat(), ...end];
const ifElse = (a, b) => [0x04, 0x40, ...a, 0x05, ...b, ...end];
const brIf = (depth) => [0x0d, ...uleb(depth)];
const br = (depth) => [0x0c, ...uleb(depth)];
const f64Store = (offset = 0) => [0x39, 3, ...uleb(offset)];
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
const vAdd = simd(0xf0);

const F64 = 0x7c;
const geS = [0x4e];
const f64Load = (offset = 0) => [0x2b, 3, ...uleb(offset)];
const f64Neg = [0x9a];
const f64Sub = [0xa1];
const f64Mul = [0xa2];
const f64FromI32 = [0xb7];
const load64Splat = simd(0x0a, 3, 0);
const v128Store = simd(0x0b, 4, 0);
const replaceLane = (lane) => simd(0x22, lane);
const splat = simd(0x14);
const vGt = simd(0x4a);
const vGe = simd(0x4c);
const bitselect = simd(0x52);
const vSub = simd(0xf1);
const vMul = simd(0xf2);

// parameters: i32 m (staged bars: p look-back then the chunk), p, byte offsets of the lows (highs
// at 0), the (high, -low) pairs, the index pairs and the two outputs (bar p and on), osc (0/1),
// then f64 factor (100 / p)
const [M, P, LO, V, I, OU, OD, OSC, FACTOR] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const paramTypes = [I32, I32, I32, I32, I32, I32, I32, I32, F64];
// locals: i32 then v128
const [s, e, j, k] = [9, 10, 11, 12];
const [mv, mi, jv, x, mask, out] = [13, 14, 15, 16, 17, 18];

const at = (base, idx, shift) => [...get(base), ...idx, ...i32(shift), ...shl, ...add];
const pairAt = (base, idx) => at(base, idx, 4);
const scalarAt = (base, idx) => at(base, idx, 3);
const splatI = (idx) => [...idx, ...f64FromI32, ...splat];
const one = v128Const(1, 1);

/**
 * argSuffix over [s, e): backwards from e - 1, (mv, mi) = the pair's extremes and their indices
 * so far, taken over by bar j where it is strictly greater; V[j] and I[j] become them.
 */
const suffix = [
  ...get(e), ...i32(1), ...sub, ...set(j),
  ...pairAt(V, get(j)), ...v128Load, ...set(mv),
  ...splatI(get(j)), ...tee(mi), ...set(jv),
  ...block(loop(
    ...get(j), ...get(s), ...ltS, ...brIf(1),
    ...pairAt(V, get(j)), ...v128Load, ...tee(x), ...get(mv), ...vGt, ...set(mask),
    ...get(x), ...get(mv), ...get(mask), ...bitselect, ...set(mv),
    ...get(jv), ...get(mi), ...get(mask), ...bitselect, ...set(mi),
    ...pairAt(V, get(j)), ...get(mv), ...v128Store,
    ...pairAt(I, get(j)), ...get(mi), ...v128Store,
    ...get(j), ...i32(1), ...sub, ...set(j),
    ...get(jv), ...one, ...vSub, ...set(jv),
    ...br(0),
  )),
];

/**
 * aroonBlock over [s, e): forwards, the prefix extremes (`>=`: the newer bar on ties), then the
 * suffix at k = j - p where strictly more extreme; outputs at j - p.
 */
const forward = [
  ...get(s), ...set(j),
  ...pairAt(V, get(j)), ...v128Load, ...set(mv),
  ...splatI(get(j)), ...tee(mi), ...set(jv),
  ...block(loop(
    ...get(j), ...get(e), ...geS, ...brIf(1),
    ...pairAt(V, get(j)), ...v128Load, ...tee(x), ...get(mv), ...vGe, ...set(mask),
    ...get(x), ...get(mv), ...get(mask), ...bitselect, ...set(mv),
    ...get(jv), ...get(mi), ...get(mask), ...bitselect, ...set(mi),
    ...get(j), ...get(P), ...sub, ...set(k),
    // out = the window's indices (high's, low's)
    ...pairAt(I, get(k)), ...v128Load, ...get(mi),
    ...pairAt(V, get(k)), ...v128Load, ...get(mv), ...vGt,
    ...bitselect, ...set(out),
    ...get(OSC),
    ...ifElse(
      [...scalarAt(OU, get(k)), ...get(FACTOR), ...get(out), ...extractLane(0), ...get(out), ...extractLane(1), ...f64Sub, ...f64Mul, ...f64Store()],
      [
        ...get(P), ...f64FromI32, ...splat, ...get(jv), ...get(out), ...vSub, ...vSub,
        ...get(FACTOR), ...splat, ...vMul, ...set(out),
        ...scalarAt(OU, get(k)), ...get(out), ...extractLane(0), ...f64Store(),
        ...scalarAt(OD, get(k)), ...get(out), ...extractLane(1), ...f64Store(),
      ],
    ),
    ...get(j), ...i32(1), ...add, ...set(j),
    ...get(jv), ...one, ...vAdd, ...set(jv),
    ...br(0),
  )),
];

const body = [
  // the pairs (high, -low) of every staged bar
  ...i32(0), ...set(j),
  ...block(loop(
    ...get(j), ...get(M), ...geS, ...brIf(1),
    ...pairAt(V, get(j)),
    ...get(j), ...i32(3), ...shl, ...load64Splat,
    ...scalarAt(LO, get(j)), ...f64Load(), ...f64Neg, ...replaceLane(1),
    ...v128Store,
    ...get(j), ...i32(1), ...add, ...set(j),
    ...br(0),
  )),
  // aroonChunk: the suffix of [0, p), then blocks of p + 1 from p
  ...i32(0), ...set(s), ...get(P), ...set(e),
  ...suffix,
  ...get(P), ...set(s),
  ...block(loop(
    ...get(s), ...get(M), ...geS, ...brIf(1),
    ...get(s), ...get(P), ...add, ...i32(1), ...add, ...set(e),
    ...get(e), ...get(M), ...get(e), ...get(M), ...ltS, ...select, ...set(e),
    ...forward,
    ...get(e), ...get(M), ...ltS,
    ...ifThen(...suffix),
    ...get(e), ...set(s),
    ...br(0),
  )),
];

export function aroonWasmBytes() {
  const code = [...vec([[4, I32], [6, V128]].map(([n, t]) => [...uleb(n), t])), ...body, ...end];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(paramTypes.map((t) => [t])), ...vec([])]])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([[...name('memory'), 0x02, ...uleb(0)], [...name('aroon'), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new Uint8Array(bytes);
}

export function aroonWasmModuleSource(bytes = aroonWasmBytes()) {
  const rows = [];
  for (let i = 0; i < bytes.length; i += 24) rows.push('  ' + Array.from(bytes.subarray(i, i + 24)).join(', ') + ',');
  return `// Generated by scripts/gen-aroon-wasm.mjs — do not edit; run \`node scripts/gen-aroon-wasm.mjs\`.
/** The AROON arg-extremes kernel (f64x2 (high, -low) pairs, compare masks and bitselect); see the generator. */
export const AROON_WASM = new Uint8Array([
${rows.join('\n')}
]);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../engine/indicators/wasm/aroon.wasm.ts', import.meta.url));
  writeFileSync(out, aroonWasmModuleSource());
  console.log(`wrote ${out}`);
}
