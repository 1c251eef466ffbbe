import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of ARCHITECTURE.md, checked on every import of every source file.
const ROOT = resolve(__dirname, '../..');
const PURE = ['core', 'model', 'indicators', 'strategy', 'backtest', 'optimize', 'risk', 'trading'].map((d) => `engine/${d}/`);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...sourceFiles(rel));
    } else if (/\.(ts|tsx)$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** Static and dynamic import specifiers, and require() calls. */
function importsOf(code: string): string[] {
  const specs: string[] = [];
  const patterns = [/(?:^|[^\w.])import\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g, /export\s+(?:type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/g, /import\(\s*['"]([^'"]+)['"]\s*\)/g, /require\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1]);
  return specs;
}

/** Comments removed (strings are left alone: import specifiers never contain comment markers). */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

interface Violation {
  file: string;
  spec: string;
  rule: string;
}

function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\\/g, '/');
}

export function checkLayers(files: string[], read: (f: string) => string): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const isTest = /\.test\.tsx?$/.test(file);
    const code = stripComments(read(file));
    if (PURE.some((p) => file.startsWith(p)) && !isTest && /\bDate\.now\(\)/.test(code)) violations.push({ file, spec: 'Date.now()', rule: 'pure engine folders take a Clock instead of Date.now()' });
    for (const spec of importsOf(code)) {
      const to = target(file, spec);
      const bad = (rule: string) => violations.push({ file, spec, rule });
      if (file.startsWith('shared/')) {
        if (to === null ? !['zod', 'vitest'].includes(spec) || (spec === 'vitest' && !isTest) : !to.startsWith('shared/')) bad('shared/ imports only zod');
      } else if (file.startsWith('renderer/')) {
        if (to !== null && !to.startsWith('shared/') && !to.startsWith('renderer/')) bad('renderer/ imports shared/ only');
        if (to === null && (spec.startsWith('node:') || ['electron', 'better-sqlite3', 'kysely', 'ccxt', 'piscina', 'ws'].includes(spec))) bad('renderer/ uses no Node or engine packages');
      } else if (file.startsWith('electron/')) {
        if (to !== null && !to.startsWith('electron/') && !to.startsWith('shared/') && to !== 'engine/host' && to !== 'engine/host/index' && to !== 'engine/store/data-dir') bad('electron/ imports shared/ and engine/host only');
      } else if (file.startsWith('engine/')) {
        if (to !== null && (to.startsWith('electron/') || to.startsWith('renderer/'))) bad('engine/ never imports electron/ or renderer/');
        if (to === null && ['electron', 'react', 'react-dom'].includes(spec)) bad('engine/ never imports electron or react');
        if (PURE.some((p) => file.startsWith(p)) && !isTest) {
          if (to === null && spec !== 'zod') bad('pure engine folders import no packages but zod');
          if (to !== null && !to.startsWith('shared/') && !PURE.some((p) => `${to}/`.startsWith(p) || to.startsWith(p))) bad('pure engine folders import only pure folders and shared/');
        }
      }
    }
  }
  return violations;
}

describe('layering (ARCHITECTURE.md)', () => {
  const files = ['shared', 'engine', 'electron', 'renderer/src'].flatMap(sourceFiles);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('no import crosses a layer line', () => {
    const v = checkLayers(files, (f) => readFileSync(join(ROOT, f), 'utf8'));
    expect(v.map((x) => `${x.file}: "${x.spec}" — ${x.rule}`)).toEqual([]);
  });

  it('catches crossings (the checker itself)', () => {
    const fake: Record<string, string> = {
      'shared/a.ts': "import { x } from '../engine/core/errors';",
      'renderer/src/b.ts': "import { startHost } from '../../engine/host';",
      'engine/indicators/c.ts': "import { readFileSync } from 'node:fs';",
      'engine/backtest/d.ts': "import { openStores } from '../store/open-stores';",
      'engine/host/e.ts': "import { app } from 'electron';",
      'electron/main/f.ts': "import { openStores } from '../../engine/store/open-stores';",
      'engine/core/g.ts': 'export const now = () => Date.now();',
      'engine/model/ok.ts': "import { z } from 'zod'; import { EngineError } from '../core/errors';",
    };
    const v = checkLayers(Object.keys(fake), (f) => fake[f]);
    expect(v.map((x) => x.file).sort()).toEqual(['electron/main/f.ts', 'engine/backtest/d.ts', 'engine/core/g.ts', 'engine/host/e.ts', 'engine/indicators/c.ts', 'renderer/src/b.ts', 'shared/a.ts']);
  });
});
