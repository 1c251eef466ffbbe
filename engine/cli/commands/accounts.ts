import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseCommandArgs, requireOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../cli-io';
import { withEngineClient } from '../with-client';

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    let muted = false;
    const out = new Writable({
      write(chunk, _enc, cb) {
        if (!muted) process.stderr.write(chunk);
        cb();
      },
    });
    const rl = createInterface({ input: process.stdin, output: out, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer.trim());
    });
    muted = true;
  });
}

const KEY_FLAGS = { apiKey: 'api-key-env', secret: 'secret-env', password: 'password-env', uid: 'uid-env' } as const;

export const accountsAddCommand: CliCommand = {
  name: 'accounts add',
  summary: 'add a trading account (paper, or an exchange whose key goes to the OS keychain)',
  usage: `quantdesk accounts add --name N --exchange E [--paper] [--base-url URL] [--sandbox] [--max-notional X]
         [--balance USDT=100000]... [--api-key-env VAR --secret-env VAR [--password-env VAR]] [--data-dir DIR]
  Keys are asked for (not echoed) on a terminal; scripts name environment variables instead. A key is never printed.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('accounts add', argv, {
      name: { type: 'string' },
      exchange: { type: 'string' },
      paper: { type: 'boolean' },
      'base-url': { type: 'string' },
      sandbox: { type: 'boolean' },
      'max-notional': { type: 'string' },
      balance: { type: 'string', multiple: true },
      'api-key-env': { type: 'string' },
      'secret-env': { type: 'string' },
      'password-env': { type: 'string' },
      'uid-env': { type: 'string' },
    });
    const name = requireOption('accounts add', values.name, 'name');
    const exchange = requireOption('accounts add', values.exchange, 'exchange');
    const balances: Record<string, string> = {};
    for (const b of values.balance ?? []) {
      const m = /^([A-Z0-9]{1,16})=(\d+(\.\d+)?)$/.exec(b);
      if (!m) throw new CliUsageError(`--balance takes CURRENCY=AMOUNT, e.g. USDT=100000`, 'accounts add');
      balances[m[1]] = m[2];
    }
    return withEngineClient(values['data-dir'], async (client) => {
      const a = await client.call('accounts.add', {
        id: name,
        exchange,
        paper: values.paper ?? false,
        ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
        sandbox: values.sandbox ?? false,
        ...(values['max-notional'] ? { maxOrderNotional: values['max-notional'] } : {}),
        ...(Object.keys(balances).length ? { startingBalances: balances } : {}),
      });
      io.out(`added ${a.kind} account ${a.id} (${a.venue}${a.baseUrl ? ` at ${a.baseUrl}` : ''}${a.sandbox ? ', sandbox' : ''})\n`);
      if (a.kind === 'paper') return 0;
      const fields = await client.call('accounts.keyStatus', { accountId: a.id });
      const keyValues: Record<string, string> = {};
      for (const f of fields) {
        const flag = KEY_FLAGS[f.field as keyof typeof KEY_FLAGS];
        const envName = flag ? (values as Record<string, string | undefined>)[flag] : undefined;
        if (envName) {
          const v = process.env[envName];
          if (!v) throw new CliUsageError(`--${flag} names ${envName}, which is not set`, 'accounts add');
          keyValues[f.field] = v;
        } else if (process.stdin.isTTY) {
          keyValues[f.field] = await promptHidden(`${f.label}: `);
        }
      }
      if (Object.keys(keyValues).length === 0) {
        io.out(`no key stored: set it in Settings → Accounts, or run again with --api-key-env/--secret-env\n`);
        return 0;
      }
      const status = await client.call('accounts.setKeys', { accountId: a.id, values: keyValues });
      io.out(`key: ${status.map((s) => `${s.label} ${s.set ? 'set' : 'not set'}`).join(', ')}\n`);
      try {
        const r = await client.call('accounts.testKeys', { accountId: a.id });
        io.out(`key test: ok (${r.currencies} currencies)\n`);
      } catch (e) {
        io.err(`key test failed: ${(e as Error).message}\n`);
        return 1;
      }
      return 0;
    });
  },
};

export const accountsListCommand: CliCommand = {
  name: 'accounts list',
  summary: 'list trading accounts (keys: set / not set only)',
  usage: `quantdesk accounts list [--json] [--data-dir DIR]`,
  async run(argv, io: CliIo) {
    const { values } = parseCommandArgs('accounts list', argv, { json: { type: 'boolean' } });
    return withEngineClient(values['data-dir'], async (client) => {
      const list = await client.call('accounts.list', {});
      const rows = [];
      for (const a of list) {
        const keys = a.kind === 'paper' ? [] : await client.call('accounts.keyStatus', { accountId: a.id }).catch(() => []);
        rows.push({ ...a, keys: keys.length === 0 ? (a.kind === 'paper' ? '-' : '?') : keys.every((k) => k.set) ? 'set' : 'not set' });
      }
      if (values.json) {
        io.out(JSON.stringify(rows, null, 2) + '\n');
        return 0;
      }
      if (rows.length === 0) {
        io.out('no accounts yet: quantdesk accounts add --name N --exchange E [--paper]\n');
        return 0;
      }
      const table = rows.map((r) => [r.id, r.kind, r.venue, r.baseUrl ?? '', r.sandbox ? 'sandbox' : '', r.keys, r.killSwitch === 'off' ? '' : `kill: ${r.killSwitch}`]);
      const header = ['ACCOUNT', 'KIND', 'VENUE', 'BASE URL', '', 'KEY', ''];
      const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
      for (const t of [header, ...table]) io.out(t.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
      return 0;
    });
  },
};

export const accountsRemoveCommand: CliCommand = {
  name: 'accounts remove',
  summary: 'remove an account that never traded, and its key',
  usage: `quantdesk accounts remove --name N [--data-dir DIR]`,
  async run(argv, io) {
    const { values } = parseCommandArgs('accounts remove', argv, { name: { type: 'string' } });
    const name = requireOption('accounts remove', values.name, 'name');
    await withEngineClient(values['data-dir'], (client) => client.call('accounts.remove', { accountId: name }));
    io.out(`removed ${name}\n`);
    return 0;
  },
};
