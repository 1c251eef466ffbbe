import { create } from 'zustand';
import type { AccountDto, DeploymentDto, FillDto, OrderDto, ReconciliationDto } from '../../../../shared/contract/trading';
import type { EventPayload } from '../../../../shared/contract';
import { client } from '../../api/client';

type Balance = { currency: string; total: string; reserved: string; free: string };
type Position = { strategyId: string; instrumentId: string; quantity: string; avgPrice: string; realizedPnl: string; fees: string; side?: 'flat' | 'long' | 'short' | 'dust'; feesOther?: Record<string, string> };
type KillState = EventPayload<'trading.killSwitch'>['states'][number];

interface TradingState {
  accounts: AccountDto[];
  selected: string | null;
  orders: OrderDto[];
  positions: Position[];
  balances: Balance[];
  fills: FillDto[];
  deployments: DeploymentDto[];
  logs: Record<string, { ts: number; level: string; message: string }[]>;
  recon: ReconciliationDto | null;
  kill: KillState[];
  error: unknown;
  loadAccounts(): Promise<void>;
  select(id: string | null): Promise<void>;
  refresh(): Promise<void>;
  setError(e: unknown): void;
}

let subscribed = false;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Projections of the engine's trading state for the selected account; events trigger a refresh. */
export const useTrading = create<TradingState>()((set, get) => ({
  accounts: [],
  selected: null,
  orders: [],
  positions: [],
  balances: [],
  fills: [],
  deployments: [],
  logs: {},
  recon: null,
  kill: [],
  error: null,
  setError: (error) => set({ error }),
  async loadAccounts() {
    try {
      const [accounts, kill] = await Promise.all([client().call('accounts.list', {}), client().call('kill.status', {})]);
      set({ accounts, kill });
      if (!get().selected && accounts.length) await get().select(accounts[0].id);
    } catch (error) {
      set({ error });
    }
    if (!subscribed) {
      subscribed = true;
      const later = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void get().refresh(), 150);
      };
      for (const topic of ['trading.order', 'trading.fill', 'trading.balances', 'trading.accountStatus', 'trading.deployment', 'trading.killSwitch'] as const) client().on(topic, later);
      client().on('trading.deploymentLog', (e) => set((s) => ({ logs: { ...s.logs, [e.deploymentId]: [...(s.logs[e.deploymentId] ?? []), e].slice(-200) } })));
    }
  },
  async select(id) {
    set({ selected: id, orders: [], positions: [], balances: [], fills: [], deployments: [], recon: null });
    await get().refresh();
  },
  async refresh() {
    const id = get().selected;
    try {
      const [accounts, kill] = await Promise.all([client().call('accounts.list', {}), client().call('kill.status', {})]);
      set({ accounts, kill });
      if (!id) return;
      const c = client();
      const [orders, positions, balances, fills, deployments, recon] = await Promise.all([
        c.call('orders.list', { accountId: id, limit: 200 }),
        c.call('trading.positions', { accountId: id }),
        c.call('trading.balances', { accountId: id }),
        c.call('trading.fills', { accountId: id, limit: 200 }),
        c.call('deployments.list', { accountId: id }),
        c.call('reconcile.get', { accountId: id }),
      ]);
      // the account's status is known once the calls above opened (and reconciled) it
      const after = await c.call('accounts.list', {});
      if (get().selected === id) set({ accounts: after, orders, positions, balances, fills, deployments, recon, error: null });
    } catch (error) {
      set({ error });
    }
  },
}));
