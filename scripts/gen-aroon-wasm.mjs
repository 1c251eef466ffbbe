// Emits the AROON WebAssembly module (engine/indicators/wasm/aroon.wasm.ts), with the same
// dependency-free encoder (scripts/wasm-encoder.mjs). `node scripts/gen-aroon-wasm.mjs`
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
import { F64, I32, V128, add, bitselect, block, br, brIf, extractLane, f64FromI32, f64Load, f64Mul, f64Neg, f64Sub, geS, get, i32, ifElse, ifThen, load64Splat, loop, ltS, replaceLane, select, set, shl, singleFunctionModule, splat, sub, tee, uleb, v128Const, v128Load, v128Store, vAdd, vGe, vGt, vMul, vSub, wasmModuleSource, writeWhenRun } from './wasm-encoder.mjs';

const f64Store = (offset = 0) => [0x39, 3, ...uleb(offset)];

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
  return singleFunctionModule({ params: paramTypes, locals: [[4, I32], [6, V128]], body, exportName: 'aroon' });
}

export function aroonWasmModuleSource(bytes = aroonWasmBytes()) {
  return wasmModuleSource({ bytes, generator: 'gen-aroon-wasm.mjs', constName: 'AROON_WASM', doc: 'The AROON arg-extremes kernel (f64x2 (high, -low) pairs, compare masks and bitselect); see the generator.' });
}

writeWhenRun(import.meta.url, '../engine/indicators/wasm/aroon.wasm.ts', () => aroonWasmModuleSource());
