import { create } from 'zustand';
import type { AccountDto } from '../../../../shared/contract/trading';
import type { EventPayload } from '../../../../shared/contract';
import { client } from '../../api/client';

type KillState = EventPayload<'trading.killSwitch'>['states'][number];

interface KillSwitchState {
  states: KillState[];
  accounts: AccountDto[];
  loaded: boolean;
  error: unknown;
  load(): Promise<void>;
}

let subscribed = false;

/**
 * The kill switch and account states the shell shows on every screen. It reads only
 * `kill.status` and `accounts.list` (neither opens an account at the venue), and follows the
 * engine's `trading.killSwitch` and `trading.accountStatus` events, so a halt made anywhere — the
 * Trading screen, the CLI, another window — shows at once.
 */
export const useKillSwitch = create<KillSwitchState>()((set, get) => ({
  states: [],
  accounts: [],
  loaded: false,
  error: null,
  async load() {
    if (!subscribed) {
      subscribed = true;
      client().on('trading.killSwitch', (e) => set({ states: e.states }));
      client().on('trading.accountStatus', (e) => set((s) => ({ accounts: s.accounts.map((a) => (a.id === e.accountId ? { ...a, status: e.status } : a)) })));
      // a status event may name an account this window has not listed yet
      client().on('trading.accountStatus', (e) => {
        if (!get().accounts.some((a) => a.id === e.accountId)) void get().load();
      });
    }
    try {
      const [states, accounts] = await Promise.all([client().call('kill.status', {}), client().call('accounts.list', {})]);
      set({ states, accounts, loaded: true, error: null });
    } catch (error) {
      set({ error, loaded: true });
    }
  },
}));

export interface HaltSummary {
  /** The global switch, when engaged. */
  global: KillState | null;
  /** Accounts with their own switch engaged. */
  accounts: KillState[];
  /** Accounts that reconciliation stopped (`halted` or `needs-decision`). */
  stopped: AccountDto[];
}

/** What is halted right now, for the shell's button and banner. */
export function haltSummary(states: KillState[], accounts: AccountDto[]): HaltSummary {
  return {
    global: states.find((s) => s.scope === '*' && s.mode !== 'off') ?? null,
    accounts: states.filter((s) => s.scope !== '*' && s.mode !== 'off'),
    stopped: accounts.filter((a) => a.status === 'halted' || a.status === 'needs-decision'),
  };
}
