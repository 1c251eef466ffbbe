import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { up } from './migrations/journal/20261121_1730_strategies';
import { StrategyRepository } from './strategy-repository';

describe('StrategyRepository', () => {
  let db: Database.Database;
  let repo: StrategyRepository;
  let clock = 1000;
  let ids = 0;

  beforeEach(async () => {
    db = new Database(':memory:');
    await up(new Kysely({ dialect: new SqliteDialect({ database: db }) }));
    clock = 1000;
    ids = 0;
    repo = new StrategyRepository(db, () => clock++, () => `s${++ids}`);
  });
  afterEach(() => db.close());

  it('creates version 1 and appends a version on each changed save', () => {
    const s = repo.create({ name: 'A', source: 'v1', templateId: 'sma-cross' });
    expect(s).toMatchObject({ id: 's1', name: 'A', templateId: 'sma-cross', latestVersion: 1 });
    expect(repo.save('s1', 'v2', 'tweak')).toMatchObject({ version: 2, created: true });
    // The same source again adds nothing.
    expect(repo.save('s1', 'v2')).toMatchObject({ version: 2, created: false });
    expect(repo.versions('s1').map((v) => [v.version, v.message])).toEqual([
      [2, 'tweak'],
      [1, null],
    ]);
    expect(repo.source('s1', 1)).toBe('v1');
    expect(repo.source('s1')).toBe('v2');
  });

  it('restores an old version as a new one, keeping the history', () => {
    repo.create({ name: 'A', source: 'one' });
    repo.save('s1', 'two');
    expect(repo.restore('s1', 1)).toMatchObject({ version: 3, created: true });
    expect(repo.source('s1')).toBe('one');
    expect(repo.versions('s1')).toHaveLength(3);
  });

  it('renames, duplicates with a free name, and deletes without losing versions', () => {
    repo.create({ name: 'A', source: 'x' });
    expect(repo.rename('s1', 'B').name).toBe('B');
    const copy = repo.duplicate('s1');
    expect(copy.name).toBe('B (2)');
    expect(repo.duplicate('s1').name).toBe('B (3)');
    expect(repo.source(copy.id)).toBe('x');
    repo.remove('s1');
    expect(repo.list().map((s) => s.id).sort()).toEqual(['s2', 's3']);
    expect(() => repo.get('s1')).toThrow(/no strategy/);
    // A run that used the deleted strategy can still read its source.
    expect(repo.source('s1', 1)).toBe('x');
    expect(() => repo.remove('s1')).toThrow(/no strategy/);
  });

  it('lists the most recently changed first', () => {
    repo.create({ name: 'old', source: 'a' });
    repo.create({ name: 'new', source: 'b' });
    repo.save('s1', 'a2');
    expect(repo.list().map((s) => s.name)).toEqual(['old', 'new']);
  });
});
