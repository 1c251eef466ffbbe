// Emits the CCI mean-deviation WebAssembly module (engine/indicators/wasm/cci.wasm.ts), with the
// dependency-free encoder scripts/wasm-encoder.mjs. `node scripts/gen-cci-wasm.mjs` rewrites the
// TS module; its unit test regenerates the bytes and compares.
//
// CCI's windows are recomputed per bar (a sum and a sum of |tp - mean| over p values). Bars b and
// b+1 read the same run shifted by one, so the k-th values of their windows, w[b+k] and
// w[b+1+k], are adjacent: one unaligned v128.load holds both, and each f64x2 lane accumulates
// exactly one bar's window from k = 0 up, in the order of oscillators.ts's cciWindow (lanes never
// mix): the results are bit-identical to the JS forms. Eight bars per pass (four accumulators).
import { I32, V128, add, block, br, brIf, f64ConvertI32S, geS, get, gtS, i32, loop, set, shl, simd, singleFunctionModule, splat, sub, uleb, v128Const, vAbs, vAdd, vAnd, vDiv, vMul, vNe, vSub, wasmModuleSource, writeWhenRun } from './wasm-encoder.mjs';

const vLoad = (off) => simd(0x00, 3, ...uleb(off));
const vStore = (off) => simd(0x0b, 3, ...uleb(off));

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
  return singleFunctionModule({ params: Array.from({ length: params }, () => I32), locals: [[3, I32], [10, V128]], body, exportName: 'cci' });
}

export function cciWasmModuleSource(bytes = cciWasmBytes()) {
  return wasmModuleSource({ bytes, generator: 'gen-cci-wasm.mjs', constName: 'CCI_WASM', doc: "The CCI window kernel (f64x2 lanes = two adjacent bars' windows); see the generator." });
}

writeWhenRun(import.meta.url, '../engine/indicators/wasm/cci.wasm.ts', () => cciWasmModuleSource());
