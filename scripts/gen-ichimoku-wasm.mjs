// Emits the Ichimoku window-extremes WebAssembly module (engine/indicators/wasm/ichimoku.wasm.ts).
// The encoder (scripts/wasm-encoder.mjs) is hand-written instead of a wasm toolchain: each module is one function, and this
// keeps the project free of a build-time dependency. `node scripts/gen-ichimoku-wasm.mjs`
// rewrites the TS module; its unit test regenerates the bytes and compares.
//
// Why SIMD: V8 compiles every scalar float max/min to a data-dependent branch, and on prices
// those mispredict about half the time. f64x2.pmax is one maxpd, no branch. Each f64x2 holds
// (high, -low): one pmax chain yields the window high in lane 0 and -(window low) in lane 1
// (negation is exact and max(-x) = -min(x)). pmax(a, b) = a < b ? b : a, so the JS form
// `x > y ? x : y` is pmax(y, x) and `l < m ? l : m` on lows is pmax(-m, -l): every call below
// keeps the JS operand order, so even ties between -0 and +0 pick the same value.
import { I32, V128, add, block, br, brIf, end, extractLane, f64, f64Add, f64Load, f64Mul, f64Neg, f64Sub, geS, get, i32, load64Splat, loop, ltS, pmax, replaceLane, select, set, shl, shuffle, singleFunctionModule, sub, tee, v128Const, v128Load, v128Store, vMul, vSub, wasmModuleSource, writeWhenRun } from './wasm-encoder.mjs';

// instructions
const f64Store = [0x39, 3, 0];

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
  return singleFunctionModule({ params: Array.from({ length: params }, () => I32), locals: [[4, I32], [3, V128]], body, exportName: 'ichimoku' });
}

export function ichimokuWasmModuleSource(bytes = ichimokuWasmBytes()) {
  return wasmModuleSource({ bytes, generator: 'gen-ichimoku-wasm.mjs', constName: 'ICHIMOKU_WASM', doc: 'The Ichimoku window-extremes kernel (f64x2 pmax over (high, -low) pairs); see the generator.' });
}

writeWhenRun(import.meta.url, '../engine/indicators/wasm/ichimoku.wasm.ts', () => ichimokuWasmModuleSource());
