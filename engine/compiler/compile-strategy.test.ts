import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../core/errors';
import { defineStrategy } from '../strategy/api';
import { compileStrategyFile, compileStrategySources, EXPORTS_GLOBAL, COMPILED_FILENAME } from './compile-strategy';
import { createStackMapper } from './stack-map';

const FIX = resolve(__dirname, '../../tests/fixtures/strategies');

async function compileError(file: string) {
  try {
    await compileStrategyFile(join(FIX, file));
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error('compiled');
}

function load(code: string) {
  const context = vm.createContext({});
  new vm.Script(code, { filename: COMPILED_FILENAME }).runInContext(context);
  return (context as Record<string, { default: ReturnType<typeof defineStrategy> }>)[EXPORTS_GLOBAL].default;
}

describe('compileStrategyFile', () => {
  it('bundles the entry, its own files and the API into one self-contained script', async () => {
    const c = await compileStrategyFile(join(FIX, 'good', 'my-cross.ts'));
    expect(Object.keys(c.sources).sort()).toEqual(['lib/cross.ts', 'my-cross.ts']);
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    const s = load(c.code);
    expect(s.kind).toBe('quantdesk.strategy');
    expect(s.id).toBe('my-cross');
    expect(typeof s.onBar).toBe('function');
  });

  it('the bundled API builds the same object as the engine`s defineStrategy', async () => {
    const c = await compileStrategySources('s.ts', { 's.ts': "import { defineStrategy } from 'quantdesk'; export default defineStrategy({ id: 'x', name: 'X', onBar() {} });" });
    const ours = defineStrategy({ id: 'x', name: 'X', onBar() {} });
    const theirs = load(c.code);
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(ours).sort());
    expect(theirs.apiVersion).toBe(ours.apiVersion);
    expect(Object.isFrozen(theirs)).toBe(true);
  });

  it('the hash is the content: same sources, same version; an edit changes it', async () => {
    const a = await compileStrategySources('s.ts', { 's.ts': 'export default 1;' });
    const b = await compileStrategySources('s.ts', { 's.ts': 'export default 1;' });
    const c = await compileStrategySources('s.ts', { 's.ts': 'export default 2;' });
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('a syntax error carries file, line and column', async () => {
    const e = await compileError('syntax-error.ts.txt');
    expect(e.code).toBe('STRATEGY_ERROR');
    const d = (e.details as { diagnostics: { file: string; line: number; column: number; message: string }[] }).diagnostics;
    expect(d[0]).toMatchObject({ file: 'syntax-error.ts.txt', line: 7, column: 15 });
    expect(e.message).toContain('syntax-error.ts.txt:7:15');
  });

  it('refuses node modules and files outside the strategy folder', async () => {
    const fs = await compileError('imports-fs.ts');
    expect(fs.message).toContain('"node:fs" cannot be imported');
    expect((fs.details as { diagnostics: { line: number }[] }).diagnostics[0].line).toBe(2);
    const out = await compileError('escape/outside.ts');
    expect(out.message).toContain('outside the strategy');
  });

  it('maps a stack frame back to the user`s file and line', async () => {
    const c = await compileStrategyFile(join(FIX, 'throws.ts'));
    const s = load(c.code);
    let stack = '';
    try {
      s.onBar({ barIndex: 50 } as never, undefined);
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    const mapped = createStackMapper(c.map).mapStack(stack);
    expect(mapped.top).toEqual({ file: 'throws.ts', line: 5, column: 9 });
    expect(mapped.stack).toContain('throws.ts:5:9');
    expect(mapped.stack).toContain('throws.ts:12');
  });
});
