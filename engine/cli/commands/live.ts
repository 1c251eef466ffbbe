import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs, parseTimeframe, requireOption } from '../args';
import { CliUsageError, type CliCommand } from '../cli-io';
import { withEngineClient } from '../with-client';

const time = () => new Date().toISOString().slice(11, 19);

export const liveCommand: CliCommand = {
  name: 'live',
  summary: 'run a strategy on a paper or exchange account in the foreground (Ctrl-C stops; running again resumes)',
  usage: `quantdesk live --account N --strategy <builtin-id|file.ts> --symbol S --timeframe TF [--params JSON] [--adopt] [--data-dir DIR]
  The account is reconciled before the strategy starts; differences stop it unless --adopt takes the venue's side.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('live', argv, {
      account: { type: 'string' },
      strategy: { type: 'string' },
      symbol: { type: 'string', multiple: true },
      timeframe: { type: 'string' },
      params: { type: 'string' },
      adopt: { type: 'boolean' },
    });
    const account = requireOption('live', values.account, 'account');
    const strategyArg = requireOption('live', values.strategy, 'strategy');
    const symbols = values.symbol ?? [];
    if (symbols.length === 0) throw new CliUsageError('--symbol is required', 'live');
    const timeframe = parseTimeframe('live', values.timeframe);
    let params: Record<string, unknown> = {};
    if (values.params) {
      try {
        params = JSON.parse(values.params);
      } catch {
        throw new CliUsageError('--params must be a JSON object', 'live');
      }
    }
    return withEngineClient(values['data-dir'], async (client) => {
      let strategy = strategyArg;
      if (/\.(ts|js|mts)$/.test(strategyArg)) {
        if (!existsSync(strategyArg)) throw new CliUsageError(`no file ${strategyArg}`, 'live');
        const content = readFileSync(strategyArg, 'utf8');
        const fileName = path.basename(strategyArg);
        const name = fileName.replace(/\.[^.]+$/, '');
        const existing = (await client.call('strategies.list', {})).find((s) => s.name === name);
        if (existing) {
          await client.call('strategies.save', { id: existing.id, source: content, message: 'quantdesk live' });
          strategy = existing.id;
        } else strategy = (await client.call('strategies.import', { fileName, content })).id;
      }
      const recon = await client.call('reconcile.run', { accountId: account });
      if (recon.outcome !== 'clean') {
        io.err(`${account} is ${recon.status} after reconciliation:\n`);
        for (const r of recon.reasons) io.err(`  ! ${r}\n`);
        for (const it of recon.items) io.err(`  [${it.index}] ${it.summary} (choices: ${it.choices.join(', ') || 'none'})\n`);
        const adoptable = recon.items.filter((i) => i.choices.includes('adopt-venue'));
        if (!values.adopt || recon.outcome === 'halted' || adoptable.length !== recon.items.length) {
          io.err(`resolve the differences (Trading screen, or --adopt to take the venue's side) before a strategy resumes\n`);
          return 1;
        }
        const after = await client.call('reconcile.resolve', { accountId: account, decisions: adoptable.map((i) => ({ item: i.index, choice: 'adopt-venue' as const })) });
        if (after.outcome !== 'clean') {
          io.err(`${account} is still ${after.status} after adopting the venue's state\n`);
          return 1;
        }
        io.out(`${time()} adopted the venue's state (${adoptable.length} difference(s))\n`);
      }
      client.on('trading.deploymentLog', (e) => io.out(`${time()} ${e.level === 'info' ? '' : e.level + ': '}${e.message}\n`));
      client.on('trading.fill', (e) => e.accountId === account && io.out(`${time()} fill ${e.fill.side} ${e.fill.quantity} ${e.fill.instrumentId} @ ${e.fill.price} (fee ${e.fill.fee} ${e.fill.feeCurrency})\n`));
      client.on('trading.accountStatus', (e) => e.accountId === account && io.out(`${time()} account ${e.status}\n`));
      const dep = await client.call('deployments.start', { accountId: account, strategy, symbols, timeframe, params });
      io.out(`${time()} deployment ${dep.id} running (${dep.strategyId} ${symbols.join(',')} ${timeframe}); Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await client.call('deployments.stop', { deploymentId: dep.id });
      io.out(`${time()} stopped; run the same command again to resume\n`);
      return 0;
    });
  },
};
