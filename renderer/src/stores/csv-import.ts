import { create } from 'zustand';
import type { Client } from '../../../shared/client';
import { MAX_INLINE_FILE_BYTES, type DataImportResult, type DataPreviewResult, type FileSource } from '../../../shared/contract/data';
import { VENUE_CSV } from '../../../shared/ids';
import type { Timeframe } from '../../../shared/timeframe';
import { errorText, type UiError } from '../app/errors';
import { guessFromFileName } from '../features/data/guess-import';

export interface ChosenFile {
  name: string;
  /** Bytes when the page read the file (browser); null when the engine reads it by path (desktop). */
  size: number | null;
  source: FileSource;
}

export interface ImportForm {
  symbol: string;
  venue: string;
  timeframe: Timeframe;
  skipBadRows: boolean;
}

type Run =
  | { state: 'idle' }
  | { state: 'running'; phase: string; done: number; total: number }
  | { state: 'done'; result: DataImportResult }
  | { state: 'failed'; error: UiError };

interface CsvImportState {
  file: ChosenFile | null;
  preview: DataPreviewResult | null;
  previewError: UiError | null;
  previewing: boolean;
  form: ImportForm;
  run: Run;
  choose(client: Client, file: ChosenFile): Promise<void>;
  edit(patch: Partial<ImportForm>): void;
  start(client: Client): Promise<void>;
  cancel(): void;
  reset(): void;
}

const PREVIEW_ROWS = 12;
/** The preview needs the first rows only: a big upload is not sent twice in full. */
const PREVIEW_BYTES = 64 * 1024;

/** The start of a file's text, cut after its last whole line within `max` characters. */
export function headOfText(content: string, max = PREVIEW_BYTES): string {
  if (content.length <= max) return content;
  const cut = content.lastIndexOf('\n', max);
  return cut > 0 ? content.slice(0, cut + 1) : content.slice(0, max);
}

function previewSource(source: FileSource): FileSource {
  return source.kind === 'content' ? { ...source, content: headOfText(source.content) } : source;
}
let controller: AbortController | null = null;

/**
 * One CSV import at a time: choose a file → preview its first rows → set symbol, venue and
 * timeframe → run the `data.import` job with progress. It lives in a store, so an import keeps
 * going (and its progress stays visible) when the user switches screens.
 */
export const useCsvImport = create<CsvImportState>()((set, get) => ({
  file: null,
  preview: null,
  previewError: null,
  previewing: false,
  form: { symbol: '', venue: VENUE_CSV, timeframe: '1h', skipBadRows: false },
  run: { state: 'idle' },

  async choose(client, file) {
    const guess = guessFromFileName(file.name);
    set((s) => ({
      file,
      preview: null,
      previewError: null,
      previewing: true,
      run: { state: 'idle' },
      form: { ...s.form, symbol: guess.symbol || s.form.symbol, timeframe: guess.timeframe ?? s.form.timeframe },
    }));
    try {
      const preview = await client.api.data.preview({ source: previewSource(file.source), rows: PREVIEW_ROWS });
      if (get().file === file) set({ preview, previewing: false });
    } catch (e) {
      if (get().file === file) set({ previewError: errorText(e), previewing: false });
    }
  },

  edit(patch) {
    set((s) => ({ form: { ...s.form, ...patch } }));
  },

  async start(client) {
    const { file, form, run } = get();
    if (!file || run.state === 'running') return;
    controller = new AbortController();
    set({ run: { state: 'running', phase: 'read', done: 0, total: 0 } });
    try {
      const result = await client.api.data.import(
        { source: file.source, symbol: form.symbol.trim(), timeframe: form.timeframe, venue: form.venue.trim() || VENUE_CSV, skipBadRows: form.skipBadRows },
        {
          signal: controller.signal,
          onProgress: (p) => set({ run: { state: 'running', phase: p.phase, done: p.done, total: p.total } }),
        },
      );
      set({ run: { state: 'done', result } });
    } catch (e) {
      set({ run: { state: 'failed', error: errorText(e) } });
    } finally {
      controller = null;
    }
  },

  cancel() {
    controller?.abort();
  },

  reset() {
    controller?.abort();
    set({ file: null, preview: null, previewError: null, previewing: false, run: { state: 'idle' } });
  },
}));

/** Reads a file the user picked in the page into a `content` source (browser uploads). */
export async function readBrowserFile(file: File): Promise<ChosenFile> {
  if (file.size > MAX_INLINE_FILE_BYTES) {
    throw new Error(`too large for a browser upload (${file.size} bytes)`);
  }
  return { name: file.name, size: file.size, source: { kind: 'content', name: file.name.slice(0, 255), content: await file.text() } };
}

/** A file the desktop dialog picked: the engine reads it from disk. */
export function pathFile(path: string): ChosenFile {
  const name = path.split(/[\\/]/).pop() ?? path;
  return { name, size: null, source: { kind: 'path', path } };
}
