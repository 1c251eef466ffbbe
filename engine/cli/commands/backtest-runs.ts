import { parseCommandArgs, parseIntOption } from '../args';
import { CliUsageError, type CliCommand } from '../cli-io';
import { resolveDataDir } from '../../store/data-dir';
import { openRunStores } from '../../backtest-runner/open-run-stores';
import { RunRegistry } from '../../backtest-runner/run-registry';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`);

export const backtestListCommand: CliCommand = {
  name: 'backtest list',
  summary: 'list recorded backtest runs, newest first',
  usage: 'quantdesk backtest list [--strategy ID] [--limit N] [--json] [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommandArgs('backtest list', argv, { strategy: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
    const stores = await openRunStores(resolveDataDir(values['data-dir']), 'quantdesk backtest list');
    try {
      const runs = new RunRegistry(stores.journalDb).list({ ...(values.strategy ? { strategyId: values.strategy } : {}), limit: parseIntOption('backtest list', values.limit, 'limit', 50) || 50 });
      if (values.json) io.out(JSON.stringify(runs) + '\n');
      else
        for (const r of runs)
          io.out(
            `${r.id}  ${new Date(r.createdAt).toISOString()}  ${r.strategy.id.padEnd(18)} ${r.fingerprint.instrumentId} ${r.fingerprint.timeframe}  ` +
              (r.status === 'failed' ? `FAILED ${r.error?.message ?? ''}` : `equity ${r.summary?.finalEquity.toFixed(2)} (${pct(r.summary?.totalReturn)}), ${r.summary?.trades} trades`) +
              '\n',
          );
      return 0;
    } finally {
      stores.close();
    }
  },
};

export const backtestCompareCommand: CliCommand = {
  name: 'backtest compare',
  summary: 'compare two recorded runs: params, metrics, equity',
  usage: 'quantdesk backtest compare <run-a> <run-b> [--json] [--data-dir DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('backtest compare', argv, { json: { type: 'boolean' } }, 2);
    if (positionals.length !== 2) throw new CliUsageError('name two run ids (see quantdesk backtest list)', 'backtest compare');
    const stores = await openRunStores(resolveDataDir(values['data-dir']), 'quantdesk backtest compare');
    try {
      const { compareRuns } = await import('../../backtest-runner/compare');
      const c = compareRuns(new RunRegistry(stores.journalDb), positionals[0], positionals[1]);
      if (values.json) {
        io.out(JSON.stringify(c) + '\n');
        return 0;
      }
      io.out(`${c.runs[0].id} vs ${c.runs[1].id}${c.sameData ? '' : '  (different data)'}${c.sameStrategy ? '' : '  (different strategy version)'}\n`);
      for (const p of c.params) io.out(`  ${p.same ? ' ' : '*'} ${p.name.padEnd(20)} ${JSON.stringify(p.a).padStart(14)} ${JSON.stringify(p.b).padStart(14)}\n`);
      for (const m of c.metrics) io.out(`    ${m.name.padEnd(20)} ${String(m.a ?? '–').padStart(22)} ${String(m.b ?? '–').padStart(22)}\n`);
      return 0;
    } finally {
      stores.close();
    }
  },
};

export const backtestRerunCommand: CliCommand = {
  name: 'backtest rerun',
  summary: 'run a recorded backtest again; refuses when its data changed (unless --force)',
  usage: 'quantdesk backtest rerun <run-id> [--force] [--json] [--data-dir DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('backtest rerun', argv, { force: { type: 'boolean' }, json: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new CliUsageError('name the run id (see quantdesk backtest list)', 'backtest rerun');
    const stores = await openRunStores(resolveDataDir(values['data-dir']), 'quantdesk backtest rerun');
    try {
      const { rerun } = await import('../../backtest-runner/execute');
      const out = await rerun(positionals[0], new RunRegistry(stores.journalDb, Date.now, 20_000), { stores, force: values.force ?? false });
      const summary = { runId: out.run.id, rerunOf: out.rerunOf, dataMatches: out.dataMatches, identical: out.identical, warnings: out.warnings, ...out.run.summary };
      if (values.json) io.out(JSON.stringify(summary) + '\n');
      else io.out(`run ${out.run.id} reruns ${out.rerunOf}: ${out.identical ? 'identical results' : 'results differ'}${out.warnings.map((w) => `\n  warning: ${w}`).join('')}\n`);
      return 0;
    } finally {
      stores.close();
    }
  },
};
