/**
 * The kill switch: halts all strategies (globally or for one account), or lets only orders that
 * reduce a position through (reduce-only mode). Its state is persisted on every change and loaded
 * at start, so a halt survives a restart; it is lifted only by an explicit `release`.
 * What engaging *does* (cancel all open orders, optionally flatten) is the runner's job: it calls
 * `OrderManager.cancelAll` after `engage` returns.
 */
import type { AccountId } from './identifiers';

export type KillSwitchMode = 'off' | 'halted' | 'reduce-only';
/** `*` is every account. */
export type KillSwitchScope = AccountId | '*';
export const ALL_ACCOUNTS = '*' as const;

export interface KillSwitchState {
  scope: KillSwitchScope;
  mode: KillSwitchMode;
  reason: string | null;
  /** Who changed it: `ui`, `cli`, `reconciliation`, `risk:<rule>`. */
  actor: string;
  /** Whether engaging asked to flatten positions too (for the runner and the audit). */
  flatten: boolean;
  tsEvent: number;
}

/** Persistence of the kill switch (`journal.db` table `kill_switch`). */
export interface KillSwitchStore {
  loadKillSwitches(): KillSwitchState[];
  saveKillSwitch(state: KillSwitchState): void;
}

export class MemoryKillSwitchStore implements KillSwitchStore {
  private readonly states = new Map<string, KillSwitchState>();
  loadKillSwitches(): KillSwitchState[] {
    return [...this.states.values()];
  }
  saveKillSwitch(s: KillSwitchState): void {
    this.states.set(s.scope, { ...s });
  }
}

const SEVERITY: Record<KillSwitchMode, number> = { off: 0, 'reduce-only': 1, halted: 2 };

export class KillSwitch {
  private readonly states = new Map<KillSwitchScope, KillSwitchState>();

  constructor(
    private readonly store: KillSwitchStore,
    private readonly now: () => number,
  ) {
    for (const s of store.loadKillSwitches()) this.states.set(s.scope, s);
  }

  /** Halts (or sets reduce-only) and persists before returning. */
  engage(o: { scope?: KillSwitchScope; mode?: Exclude<KillSwitchMode, 'off'>; reason: string; actor: string; flatten?: boolean }): KillSwitchState {
    return this.set({ scope: o.scope ?? ALL_ACCOUNTS, mode: o.mode ?? 'halted', reason: o.reason, actor: o.actor, flatten: o.flatten ?? false, tsEvent: this.now() });
  }

  release(o: { scope?: KillSwitchScope; actor: string; reason?: string }): KillSwitchState {
    return this.set({ scope: o.scope ?? ALL_ACCOUNTS, mode: 'off', reason: o.reason ?? null, actor: o.actor, flatten: false, tsEvent: this.now() });
  }

  /** The mode in force for an account: the stricter of the global and the account's own. */
  modeFor(accountId: AccountId): KillSwitchMode {
    const g = this.states.get(ALL_ACCOUNTS)?.mode ?? 'off';
    const a = this.states.get(accountId)?.mode ?? 'off';
    return SEVERITY[g] >= SEVERITY[a] ? g : a;
  }

  /** The state that sets `modeFor(accountId)` (for messages), or null when off. */
  effective(accountId: AccountId): KillSwitchState | null {
    const g = this.states.get(ALL_ACCOUNTS);
    const a = this.states.get(accountId);
    const gs = SEVERITY[g?.mode ?? 'off'];
    const as = SEVERITY[a?.mode ?? 'off'];
    if (gs === 0 && as === 0) return null;
    return (gs >= as ? g : a) ?? null;
  }

  all(): KillSwitchState[] {
    return [...this.states.values()];
  }

  private set(s: KillSwitchState): KillSwitchState {
    // persist first: a state that is not durable must not take effect in memory only
    this.store.saveKillSwitch(s);
    this.states.set(s.scope, s);
    return s;
  }
}
