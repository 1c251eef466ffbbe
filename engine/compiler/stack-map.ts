import { SourceMap } from 'node:module';
import { COMPILED_FILENAME } from './compile-strategy';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

const FRAME = new RegExp(`${COMPILED_FILENAME.replace('.', '\\.')}:(\\d+):(\\d+)`, 'g');

/**
 * Rewrites the frames of a stack that point into the compiled bundle to the user's file:line:column
 * (esbuild's source map, read with Node's own SourceMap), and drops engine frames: what is left is
 * the part of the stack the strategy's author wrote.
 */
export function createStackMapper(mapJson: string): { mapStack(stack: string): { stack: string; top: SourceLocation | null } } {
  const map = new SourceMap(JSON.parse(mapJson));
  const locate = (line: number, column: number): SourceLocation | null => {
    const e = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!e || e.originalSource === undefined || e.originalLine === undefined) return null;
    return { file: e.originalSource.replace(/^(?:.*\/)?strategy:/, ''), line: e.originalLine + 1, column: (e.originalColumn ?? 0) + 1 };
  };
  return {
    mapStack(stack) {
      let top: SourceLocation | null = null;
      const lines = stack.split('\n');
      const out: string[] = [];
      for (const [i, line] of lines.entries()) {
        if (i === 0 || !/^\s+at /.test(line)) {
          out.push(line);
          continue;
        }
        if (!line.includes(COMPILED_FILENAME)) continue;
        const mapped = line.replace(FRAME, (whole, l: string, c: string) => {
          const loc = locate(Number(l), Number(c));
          if (!loc) return whole;
          top ??= loc;
          return `${loc.file}:${loc.line}:${loc.column}`;
        });
        out.push(mapped);
      }
      return { stack: out.join('\n'), top };
    },
  };
}
