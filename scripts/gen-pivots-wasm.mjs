// Emits the PIVOTS period-extremes WebAssembly module (engine/indicators/wasm/pivots.wasm.ts),
// with the dependency-free encoder scripts/wasm-encoder.mjs. `node
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
import { F64, I32, V128, add, and, block, br, brIf, end, eq, eqz, extractLane, f64Add, f64Ge, f64Le, f64Load, f64Lt, geS, get, gtS, i32, ifElse, ifThen, load64Splat, loop, ltS, pmax, pmin, ret, select, set, shl, singleFunctionModule, sub, tee, uleb, v128Const, v128Load, vAdd, wasmModuleSource, writeWhenRun } from './wasm-encoder.mjs';

const f64Store = (offset = 0) => [0x39, 3, ...uleb(offset)];

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
  return singleFunctionModule({ params: paramTypes, results: [I32], locals: [[5, I32], [5, V128], [1, F64]], body, exportName: 'run', memoryPages: 3 });
}

export function pivotsWasmModuleSource(bytes = pivotsWasmBytes()) {
  return wasmModuleSource({ bytes, generator: 'gen-pivots-wasm.mjs', constName: 'PIVOTS_WASM', doc: 'The PIVOTS period-extremes kernel (f64x2 pmax/pmin two bars at a time); see the generator.' });
}

writeWhenRun(import.meta.url, '../engine/indicators/wasm/pivots.wasm.ts', () => pivotsWasmModuleSource());
