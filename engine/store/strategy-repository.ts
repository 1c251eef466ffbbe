import type BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EngineError } from '../core/errors';

export interface StrategyRow {
  id: string;
  name: string;
  description: string | null;
  templateId: string | null;
  createdAt: number;
  updatedAt: number;
  latestVersion: number;
}

export interface StrategyVersionRow {
  strategyId: string;
  version: number;
  message: string | null;
  createdAt: number;
  /** Lines in the source (cheap to show in a history list without sending every source). */
  lines: number;
}

interface DbStrategy {
  id: string;
  name: string;
  description: string | null;
  template_id: string | null;
  created_at: number;
  updated_at: number;
  latest: number | null;
}

const toRow = (r: DbStrategy): StrategyRow => ({
  id: r.id,
  name: r.name,
  description: r.description,
  templateId: r.template_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  latestVersion: r.latest ?? 0,
});

const SELECT = `select s.id, s.name, s.description, s.template_id, s.created_at, s.updated_at,
  (select max(v.version) from strategy_version v where v.strategy_id = s.id) as latest from strategy s`;

/**
 * The user's strategies and their versions in `journal.db`. A save appends a version (never
 * rewrites one); restore appends a copy of an old one; delete only marks the strategy, so runs
 * that name a version can still show its source.
 */
export class StrategyRepository {
  private readonly s;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => `s-${randomUUID().slice(0, 8)}`,
  ) {
    this.s = {
      list: db.prepare<[], DbStrategy>(`${SELECT} where s.deleted_at is null order by s.updated_at desc, s.name`),
      get: db.prepare<[string], DbStrategy>(`${SELECT} where s.id = ? and s.deleted_at is null`),
      getAny: db.prepare<[string], DbStrategy>(`${SELECT} where s.id = ?`),
      insert: db.prepare('insert into strategy (id, name, description, template_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)'),
      insertVersion: db.prepare('insert into strategy_version (strategy_id, version, source, message, created_at) values (?, ?, ?, ?, ?)'),
      touch: db.prepare('update strategy set updated_at = ? where id = ?'),
      rename: db.prepare('update strategy set name = ?, updated_at = ? where id = ? and deleted_at is null'),
      remove: db.prepare('update strategy set deleted_at = ? where id = ? and deleted_at is null'),
      versions: db.prepare<[string], { strategy_id: string; version: number; message: string | null; created_at: number; source: string }>(
        'select strategy_id, version, message, created_at, source from strategy_version where strategy_id = ? order by version desc',
      ),
      source: db.prepare<[string, number], { source: string }>('select source from strategy_version where strategy_id = ? and version = ?'),
      names: db.prepare<[], { name: string }>('select name from strategy where deleted_at is null'),
    };
  }

  list(): StrategyRow[] {
    return this.s.list.all().map(toRow);
  }

  /** A live strategy, or NOT_FOUND. `includeDeleted` for runs that name a deleted one. */
  get(id: string, includeDeleted = false): StrategyRow {
    const r = (includeDeleted ? this.s.getAny : this.s.get).get(id);
    if (!r) throw new EngineError('NOT_FOUND', `no strategy ${id}`, { id });
    return toRow(r);
  }

  /** A new strategy whose version 1 is `source`. */
  create(input: { name: string; source: string; description?: string | null; templateId?: string | null; message?: string | null }): StrategyRow {
    const id = this.newId();
    const ts = this.now();
    this.db.transaction(() => {
      this.s.insert.run(id, input.name, input.description ?? null, input.templateId ?? null, ts, ts);
      this.s.insertVersion.run(id, 1, input.source, input.message ?? null, ts);
    })();
    return this.get(id);
  }

  /** Appends a version unless `source` equals the latest one (then nothing changes). */
  save(id: string, source: string, message: string | null = null): { strategy: StrategyRow; version: number; created: boolean } {
    return this.db.transaction(() => {
      const cur = this.get(id);
      if (cur.latestVersion > 0 && this.source(id, cur.latestVersion) === source) return { strategy: cur, version: cur.latestVersion, created: false };
      const version = cur.latestVersion + 1;
      const ts = this.now();
      this.s.insertVersion.run(id, version, source, message, ts);
      this.s.touch.run(ts, id);
      return { strategy: this.get(id), version, created: true };
    })();
  }

  versions(id: string): StrategyVersionRow[] {
    this.get(id, true);
    return this.s.versions.all(id).map((v) => ({ strategyId: v.strategy_id, version: v.version, message: v.message, createdAt: v.created_at, lines: v.source.split('\n').length }));
  }

  /** The source of one version (the latest when `version` is omitted). */
  source(id: string, version?: number): string {
    const v = version ?? this.get(id, true).latestVersion;
    const r = this.s.source.get(id, v);
    if (!r) throw new EngineError('NOT_FOUND', `strategy ${id} has no version ${v}`, { id, version: v });
    return r.source;
  }

  /** Appends a copy of an old version as the newest (history is never rewritten). */
  restore(id: string, version: number): { strategy: StrategyRow; version: number; created: boolean } {
    return this.save(id, this.source(id, version), `restored v${version}`);
  }

  rename(id: string, name: string): StrategyRow {
    if (this.s.rename.run(name, this.now(), id).changes === 0) throw new EngineError('NOT_FOUND', `no strategy ${id}`, { id });
    return this.get(id);
  }

  /** A new strategy starting from the latest source of `id`. */
  duplicate(id: string, name?: string): StrategyRow {
    const cur = this.get(id);
    return this.create({ name: name ?? this.uniqueName(cur.name), source: this.source(id), description: cur.description, templateId: cur.templateId, message: `copy of ${cur.name} v${cur.latestVersion}` });
  }

  /** Marks the strategy deleted; its versions stay (runs refer to them). */
  remove(id: string): void {
    if (this.s.remove.run(this.now(), id).changes === 0) throw new EngineError('NOT_FOUND', `no strategy ${id}`, { id });
  }

  /** `base`, or `base (2)`, `base (3)`, … — the first name no live strategy has. */
  uniqueName(base: string): string {
    const taken = new Set(this.s.names.all().map((r) => r.name));
    const stem = base.replace(/ \(\d+\)$/, '');
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${stem} (${i})`)) return `${stem} (${i})`;
  }
}

const cache = new WeakMap<BetterSqlite3.Database, StrategyRepository>();

/** One repository per open journal (its prepared statements live as long as the database). */
export function strategyRepository(journalDb: BetterSqlite3.Database, now?: () => number): StrategyRepository {
  let r = cache.get(journalDb);
  if (!r) cache.set(journalDb, (r = new StrategyRepository(journalDb, now)));
  return r;
}
