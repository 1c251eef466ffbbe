import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Message, Plugin } from 'esbuild';
import { EngineError } from '../core/errors';
import { API_MODULE, API_MODULE_SOURCE } from './api-module';

/** Where a compile error is, in the user's terms (line 1-based, column 1-based). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A strategy's sources: file paths relative to its folder (posix `/`) → text. */
export type StrategySources = Record<string, string>;

export interface CompiledStrategy {
  /** Relative path of the entry file. */
  entry: string;
  /** Self-contained script (iife) that leaves the module's exports in `globalThis.__quantdeskStrategy`. */
  code: string;
  /** esbuild's source map (JSON) for mapping stack frames back to `sources`. */
  map: string;
  /** sha256 over the sources (path and text, in path order): the strategy version. */
  hash: string;
  /** Every file the bundle read, so a rerun can compile exactly the same code. */
  sources: StrategySources;
}

export const COMPILED_FILENAME = 'quantdesk-strategy.js';
export const EXPORTS_GLOBAL = '__quantdeskStrategy';
const NS = 'strategy';
const EXTENSIONS = ['', '.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.js'];

/** Compiles a strategy file on disk; it may import `quantdesk` and files in its own folder (and below). */
export function compileStrategyFile(file: string): Promise<CompiledStrategy> {
  const abs = path.resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new EngineError('NOT_FOUND', `strategy file not found: ${file}`);
  const root = path.dirname(abs);
  return compile(path.basename(abs), (rel) => {
    const p = path.join(root, rel);
    return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
  });
}

/** Compiles sources held in memory (a rerun from the registry, the editor). */
export function compileStrategySources(entry: string, sources: StrategySources): Promise<CompiledStrategy> {
  return compile(entry, (rel) => (Object.prototype.hasOwnProperty.call(sources, rel) ? sources[rel] : undefined));
}

export function hashSources(sources: StrategySources): string {
  const h = createHash('sha256');
  for (const name of Object.keys(sources).sort()) h.update(name).update('\0').update(sources[name]).update('\0');
  return h.digest('hex');
}

async function compile(entry: string, read: (rel: string) => string | undefined): Promise<CompiledStrategy> {
  const loaded: StrategySources = {};
  const resolveRelative = (fromRel: string, spec: string): string | null => {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
    if (joined.startsWith('../') || joined === '..' || path.posix.isAbsolute(joined)) return null;
    for (const ext of EXTENSIONS) if (read(joined + ext) !== undefined) return joined + ext;
    return null;
  };
  const plugin: Plugin = {
    name: 'quantdesk-strategy-sandbox',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: args.path, namespace: NS };
        if (args.path === API_MODULE) return { path: API_MODULE, namespace: 'quantdesk-api' };
        if (args.path.startsWith('./') || args.path.startsWith('../')) {
          const rel = resolveRelative(args.importer, args.path);
          if (rel) return { path: rel, namespace: NS };
          const outside = path.posix.normalize(path.posix.join(path.posix.dirname(args.importer), args.path)).startsWith('..');
          return { errors: [{ text: outside ? `"${args.path}" is outside the strategy's folder: a strategy may import only "${API_MODULE}" and its own files` : `cannot find "${args.path}"` }] };
        }
        return { errors: [{ text: `"${args.path}" cannot be imported: a strategy may import only "${API_MODULE}" and its own files` }] };
      });
      b.onLoad({ filter: /.*/, namespace: 'quantdesk-api' }, () => ({ contents: API_MODULE_SOURCE, loader: 'js' }));
      b.onLoad({ filter: /.*/, namespace: NS }, (args) => {
        const text = read(args.path);
        if (text === undefined) return { errors: [{ text: `cannot read ${args.path}` }] };
        loaded[args.path] = text;
        return { contents: text, loader: /\.m?js$/.test(args.path) ? 'js' : 'ts' };
      });
    },
  };
  if (read(entry) === undefined) throw new EngineError('NOT_FOUND', `strategy file not found: ${entry}`);
  // esbuild's JS API is loaded on first use: a run of a built-in never pays for it.
  const { build } = await import('esbuild');
  let out;
  try {
    out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: EXPORTS_GLOBAL,
      platform: 'neutral',
      target: 'es2022',
      sourcemap: 'external',
      outfile: COMPILED_FILENAME,
      plugins: [plugin],
      logLevel: 'silent',
      // A strategy runs unchanged in backtest, paper and live: no environment to branch on.
      define: { 'process.env.NODE_ENV': '"production"' },
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors) throw e;
    const diagnostics = errors.map(toDiagnostic);
    const first = diagnostics[0];
    throw new EngineError('STRATEGY_ERROR', `strategy failed to compile: ${first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'unknown error'}`, { diagnostics });
  }
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = out.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!js || !map) throw new EngineError('INTERNAL', 'esbuild produced no output');
  return { entry, code: js.text, map: map.text, hash: hashSources(loaded), sources: loaded };
}

function toDiagnostic(m: Message): Diagnostic {
  const loc = m.location;
  return { file: loc?.file.replace(/^strategy:/, '') ?? '', line: loc?.line ?? 0, column: (loc?.column ?? 0) + 1, message: m.text };
}
