const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const latin1 = new TextDecoder('latin1');

/**
 * Parses a decimal number (`-12.5`, `1e-3`, `+7`) from b[s, e) by hand, without making a string.
 * Exact: when the digits fit in 2^53 and the exponent in ±22, one IEEE multiplication or division
 * of two exact doubles is correctly rounded (Clinger's fast path); otherwise it falls back to
 * `Number()`. `point` is the decimal mark (`,` in files from locales that write 1,5). Returns NaN for anything that is not a plain number (empty, `nan`, `1,5`, `0x1`).
 */
export function parseDecimal(b: Uint8Array, s: number, e: number, point = 46): number {
  let i = s;
  let neg = false;
  if (i < e && (b[i] === 45 || b[i] === 43)) {
    neg = b[i] === 45;
    i++;
  }
  let mant = 0;
  let any = false;
  let scale = 0;
  while (i < e) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) break;
    mant = mant * 10 + c;
    any = true;
    i++;
  }
  if (i < e && b[i] === point) {
    i++;
    while (i < e) {
      const c = b[i] - 48;
      if (c < 0 || c > 9) break;
      mant = mant * 10 + c;
      scale--;
      any = true;
      i++;
    }
  }
  if (!any) return NaN;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 45 || b[i] === 43)) {
      eneg = b[i] === 45;
      i++;
    }
    let exp = 0;
    let expDigits = 0;
    while (i < e) {
      const c = b[i] - 48;
      if (c < 0 || c > 9) break;
      if (exp < 100000) exp = exp * 10 + c;
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NaN;
    scale += eneg ? -exp : exp;
  }
  if (i !== e) return NaN;
  if (mant <= Number.MAX_SAFE_INTEGER && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
    return neg ? -v : v;
  }
  const text = latin1.decode(b.subarray(s, e));
  return Number(point === 46 ? text : text.replace(',', '.'));
}
