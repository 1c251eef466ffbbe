import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeSource } from './describe';
import { exportFile, readFile } from './file-format';
import { listTemplates } from './templates';
// @ts-expect-error the generator is a plain .mjs script
import { API_MODULE_PATH, TEMPLATES_MODULE_PATH, emitApiDeclarations, renderApiModule, renderTemplatesModule, templateSources } from '../../scripts/emit-strategy-dts.mjs';

describe('templates', () => {
  it('are the built-in strategies with their declared params, importing quantdesk', () => {
    const t = listTemplates();
    expect(t.map((x) => x.id)).toContain('sma-cross');
    const sma = t.find((x) => x.id === 'sma-cross')!;
    expect(sma.params.fast).toMatchObject({ type: 'int', default: 10, min: 2 });
    expect(sma.source).toContain("from 'quantdesk'");
    expect(sma.source).not.toContain("'../api'");
  });

  it('generated files match the engine sources (else run scripts/emit-strategy-dts.mjs)', () => {
    expect(readFileSync(TEMPLATES_MODULE_PATH, 'utf8')).toBe(renderTemplatesModule(templateSources()));
    expect(readFileSync(API_MODULE_PATH, 'utf8')).toBe(renderApiModule(emitApiDeclarations()));
  });
});

describe('describeSource', () => {
  it('reads the declaration of every template', async () => {
    for (const t of listTemplates()) {
      const r = await describeSource(t.source);
      expect(r.diagnostics, t.id).toEqual([]);
      expect(r.strategy?.params, t.id).toEqual(t.params);
    }
  });

  it('points at a syntax error with a 1-based line and column', async () => {
    const r = await describeSource("import { defineStrategy } from 'quantdesk';\nexport default defineStrategy({\n  id: 'x',,\n});\n");
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', line: 3, column: 11 });
  });

  it('refuses other imports, a missing default export and endless loops at load time', async () => {
    expect((await describeSource("import fs from 'node:fs'; export default fs;")).diagnostics[0].message).toMatch(/cannot be imported/);
    expect((await describeSource('export const x = 1;')).diagnostics[0].message).toMatch(/default export/);
    expect((await describeSource('while (true) {}')).diagnostics[0].message).toMatch(/timed out/);
  });
});

describe('strategy files', () => {
  it('round-trip the name and source', () => {
    const f = exportFile('My SMA  cross', 3, 'code\n');
    expect(f.fileName).toBe('my-sma-cross.ts');
    expect(readFile(f.fileName, f.content)).toEqual({ name: 'My SMA cross', source: 'code\n' });
    expect(readFile('C:\\x\\breakout.ts', 'plain')).toEqual({ name: 'breakout', source: 'plain' });
  });
});
