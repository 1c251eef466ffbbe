import { parseCommandArgs, requireOption } from '../args';
import type { CliCommand } from '../cli-io';
import { withEngineClient } from '../with-client';

export const ordersListCommand: CliCommand = {
  name: 'orders list',
  summary: "list an account's orders from the journal (newest first)",
  usage: `quantdesk orders list --account N [--open] [--json] [--data-dir DIR]`,
  async run(argv, io) {
    const { values } = parseCommandArgs('orders list', argv, { account: { type: 'string' }, open: { type: 'boolean' }, json: { type: 'boolean' } });
    const account = requireOption('orders list', values.account, 'account');
    const orders = await withEngineClient(values['data-dir'], (client) => client.call('orders.list', { accountId: account, open: values.open ?? false }));
    if (values.json) {
      io.out(JSON.stringify(orders, null, 2) + '\n');
      return 0;
    }
    if (orders.length === 0) {
      io.out(`no orders in ${account}\n`);
      return 0;
    }
    const rows = orders.map((o) => [new Date(o.tsInit).toISOString().replace(/\.\d+Z$/, 'Z'), o.clientOrderId, o.strategyId, o.instrumentId, o.side, o.kind, o.quantity, o.price ?? '', o.status, o.filledQty, o.avgPrice ?? '']);
    const header = ['TIME', 'ID', 'STRATEGY', 'INSTRUMENT', 'SIDE', 'TYPE', 'QTY', 'PRICE', 'STATUS', 'FILLED', 'AVG'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) io.out(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
    return 0;
  },
};

export const ordersSubmitCommand: CliCommand = {
  name: 'orders submit',
  summary: 'send one order through the pre-trade check (prints the check, the notional and the result)',
  usage: `quantdesk orders submit --account N --symbol S --side buy|sell --type market|limit|stop-market|stop-limit|take-profit --qty Q
         [--price P] [--trigger P] [--tif GTC|IOC|FOK|post-only] [--reduce-only] [--ref-price P]
         [--take-profit P] [--stop-loss P] [--json] [--data-dir DIR]
  --take-profit/--stop-loss make a bracket: the exits are held until the entry fills.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('orders submit', argv, {
      account: { type: 'string' },
      symbol: { type: 'string' },
      side: { type: 'string' },
      type: { type: 'string' },
      qty: { type: 'string' },
      price: { type: 'string' },
      trigger: { type: 'string' },
      tif: { type: 'string' },
      'reduce-only': { type: 'boolean' },
      'ref-price': { type: 'string' },
      'take-profit': { type: 'string' },
      'stop-loss': { type: 'string' },
      json: { type: 'boolean' },
    });
    const account = requireOption('orders submit', values.account, 'account');
    const symbol = requireOption('orders submit', values.symbol, 'symbol');
    return withEngineClient(values['data-dir'], async (client) => {
      const acc = (await client.call('accounts.list', {})).find((a) => a.id === account);
      const r = await client.call('orders.submit', {
        accountId: account,
        instrumentId: `${symbol}@${acc?.venue ?? 'unknown'}`,
        side: requireOption('orders submit', values.side, 'side') as 'buy' | 'sell',
        kind: (values.type ?? 'market') as 'market',
        quantity: requireOption('orders submit', values.qty, 'qty'),
        ...(values.price ? { price: values.price } : {}),
        ...(values.trigger ? { triggerPrice: values.trigger } : {}),
        ...(values.tif ? { timeInForce: values.tif as 'GTC' } : {}),
        reduceOnly: values['reduce-only'] ?? false,
        ...(values['ref-price'] ? { referencePrice: values['ref-price'] } : {}),
        ...(values['take-profit'] ? { takeProfit: values['take-profit'] } : {}),
        ...(values['stop-loss'] ? { stopLoss: values['stop-loss'] } : {}),
      });
      if (values.json) io.out(JSON.stringify(r, null, 2) + '\n');
      else {
        io.out(`${r.order.clientOrderId} ${r.order.side} ${r.order.quantity} ${r.order.instrumentId} ${r.order.kind}: ${r.order.status}${r.order.reason ? ` (${r.order.reason})` : ''}; notional ${r.preview.notional ?? '?'}, fee ≈ ${r.preview.feeEstimate ?? '?'} ${r.preview.feeCurrency}\n`);
        for (const x of r.exits) io.out(`  exit ${x.clientOrderId} ${x.side} ${x.quantity} ${x.kind} ${x.price ?? x.triggerPrice ?? ''}: ${x.status}\n`);
      }
      return r.order.status === 'denied' || r.order.status === 'rejected' ? 1 : 0;
    });
  },
};
