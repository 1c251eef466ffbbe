import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_INLINE_FILE_BYTES } from '../../../../shared/contract/data';
import { TIMEFRAMES, type Timeframe } from '../../../../shared/timeframe';
import { client, platform } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { ProgressBar } from '../../app/components/ProgressBar';
import { errorText, type UiError } from '../../app/errors';
import { formatBytes, formatNumber, formatTs } from '../../app/format';
import { useNavigation } from '../../stores/navigation';
import { pathFile, readBrowserFile, useCsvImport } from '../../stores/csv-import';
import { symbolProblem, venueProblem } from './guess-import';
import { PreviewTable } from './PreviewTable';

export function ImportPanel() {
  const { t } = useTranslation();
  const { file, preview, previewError, previewing, form, run, choose, edit, start, cancel, reset } = useCsvImport();
  const showChart = useNavigation((s) => s.showChart);
  const inputRef = useRef<HTMLInputElement>(null);
  const [pickError, setPickError] = useState<UiError | null>(null);
  const pickNative = platform().pickCsvFile;

  const onPick = async () => {
    setPickError(null);
    if (!pickNative) return inputRef.current?.click();
    try {
      const path = await pickNative();
      if (path) await choose(client(), pathFile(path));
    } catch (e) {
      setPickError(errorText(e));
    }
  };

  const onBrowserFile = async (f: File | undefined) => {
    if (!f) return;
    setPickError(null);
    if (f.size > MAX_INLINE_FILE_BYTES) {
      setPickError({ code: 'BAD_DATA', message: t('data.import.tooLarge', { size: formatBytes(f.size), max: formatBytes(MAX_INLINE_FILE_BYTES) }) });
      if (inputRef.current) inputRef.current.value = '';
      return;
    }
    try {
      await choose(client(), await readBrowserFile(f));
    } catch (e) {
      setPickError(errorText(e));
    } finally {
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const symbolErr = symbolProblem(form.symbol);
  const venueErr = venueProblem(form.venue);
  const running = run.state === 'running';
  const canImport = !!file && !!preview && !('error' in preview.detected) && !symbolErr && !venueErr && !running;

  return (
    <section className="panel" aria-labelledby="import-title">
      <header className="panel__head">
        <h2 id="import-title" className="panel__title">
          {t('data.import.title')}
        </h2>
        <span className="panel__hint">{t('data.import.hint')}</span>
      </header>

      <div className="import__pick">
        <button type="button" className="btn btn--primary" onClick={() => void onPick()} disabled={running} data-testid="choose-csv">
          {t('data.import.choose')}
        </button>
        <input ref={inputRef} type="file" accept=".csv,.txt,text/csv" hidden onChange={(e) => void onBrowserFile(e.target.files?.[0])} data-testid="csv-input" />
        {file ? (
          <span className="import__file">
            <span className="mono">{file.name}</span>
            {file.size !== null && <span className="muted"> · {formatBytes(file.size)}</span>}
            {!running && (
              <button type="button" className="btn btn--ghost btn--small" onClick={reset}>
                {t('data.import.clear')}
              </button>
            )}
          </span>
        ) : (
          <span className="muted">{t('data.import.format')}</span>
        )}
      </div>

      {pickError && <ErrorMessage error={pickError} />}
      {previewing && <div className="muted">{t('data.preview.loading')}</div>}
      {previewError && <ErrorMessage error={previewError} />}
      {preview && <PreviewTable preview={preview} />}

      {preview && (
        <form
          className="import__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (canImport) void start(client());
          }}
        >
          <label className="field">
            <span className="field__label">{t('data.import.symbol')}</span>
            <input
              value={form.symbol}
              onChange={(e) => edit({ symbol: e.target.value })}
              aria-invalid={symbolErr !== null}
              placeholder="BTC/USDT"
              spellCheck={false}
              data-testid="import-symbol"
            />
            {symbolErr && <span className="field__error">{t(`data.import.symbolError.${symbolErr}`)}</span>}
          </label>
          <label className="field">
            <span className="field__label">{t('data.import.venue')}</span>
            <input value={form.venue} onChange={(e) => edit({ venue: e.target.value })} aria-invalid={venueErr !== null} spellCheck={false} data-testid="import-venue" />
            {venueErr && <span className="field__error">{t('data.import.venueError')}</span>}
          </label>
          <label className="field">
            <span className="field__label">{t('data.import.timeframe')}</span>
            <select value={form.timeframe} onChange={(e) => edit({ timeframe: e.target.value as Timeframe })} data-testid="import-timeframe">
              {TIMEFRAMES.map((tf) => (
                <option key={tf} value={tf}>
                  {tf}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--check">
            <input type="checkbox" checked={form.skipBadRows} onChange={(e) => edit({ skipBadRows: e.target.checked })} />
            <span>{t('data.import.skipBadRows')}</span>
          </label>
          <div className="import__actions">
            {running ? (
              <button type="button" className="btn" onClick={cancel}>
                {t('common.cancel')}
              </button>
            ) : (
              <button type="submit" className="btn btn--primary" disabled={!canImport} data-testid="import-start">
                {t('data.import.start')}
              </button>
            )}
          </div>
        </form>
      )}

      {run.state === 'running' && (
        <ProgressBar done={run.done} total={run.total} label={t(`data.import.phase.${run.phase}`, { defaultValue: run.phase })} />
      )}
      {run.state === 'failed' && <ErrorMessage error={run.error} />}
      {run.state === 'done' && (
        <div className="notice notice--ok" role="status" data-testid="import-result">
          <div>
            {t('data.import.done', {
              bars: formatNumber(run.result.bars),
              instrument: run.result.instrumentId,
              timeframe: run.result.timeframe,
              inserted: formatNumber(run.result.inserted),
              replaced: formatNumber(run.result.replaced),
            })}
          </div>
          <div className="muted mono">
            {formatTs(run.result.firstTs)} → {formatTs(run.result.lastTs)}
            {run.result.reversed && ` · ${t('data.import.reversed')}`}
          </div>
          {run.result.problems.length > 0 && (
            <ErrorMessage error={{ code: 'BAD_DATA', message: t('data.import.skipped', { count: run.result.problems.length }), problems: run.result.problems }} />
          )}
          <button type="button" className="btn btn--small" onClick={() => showChart({ instrumentId: run.result.instrumentId, timeframe: run.result.timeframe })}>
            {t('data.import.openChart')}
          </button>
        </div>
      )}
    </section>
  );
}
