import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { CompileResultSchema, StrategyDetailSchema, StrategySummarySchema, TemplateSchema } from '../../shared/contract';
import { startTestEngine, type TestEngine } from '../support/test-engine';

describe('strategies over the websocket transport', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine('websocket');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates from a template, saves versions, restores, exports and imports', async () => {
    const templates = (await t.client.call('strategies.templates', {})).map((x) => TemplateSchema.parse(x));
    expect(templates.map((x) => x.id)).toEqual(expect.arrayContaining(['sma-cross', 'grid']));

    const s = StrategyDetailSchema.parse(await t.client.call('strategies.create', { templateId: 'sma-cross' }));
    expect(s).toMatchObject({ name: 'SMA crossover', version: 1, templateId: 'sma-cross' });
    const changed = s.source.replace('default: 10', 'default: 12');
    const saved = await t.client.call('strategies.save', { id: s.id, source: changed, message: 'fast 12' });
    expect(saved).toMatchObject({ version: 2, created: true });
    expect((await t.client.call('strategies.get', { id: s.id, version: 1 })).source).toBe(s.source);

    const restored = await t.client.call('strategies.restore', { id: s.id, version: 1 });
    expect(restored.version).toBe(3);
    expect(restored.strategy.versions.map((v) => v.version)).toEqual([3, 2, 1]);

    const file = await t.client.call('strategies.export', { id: s.id, version: 2 });
    expect(file.fileName).toBe('sma-crossover.ts');
    const imported = await t.client.call('strategies.import', file);
    expect(imported).toMatchObject({ name: 'SMA crossover (2)', source: changed, version: 1 });

    const dup = await t.client.call('strategies.duplicate', { id: s.id });
    const renamed = StrategySummarySchema.parse(await t.client.call('strategies.rename', { id: dup.id, name: 'Mine' }));
    expect(renamed.name).toBe('Mine');
    await t.client.call('strategies.delete', { id: dup.id });
    expect((await t.client.call('strategies.list', {})).map((x) => x.name).sort()).toEqual(['SMA crossover', 'SMA crossover (2)']);
    const gone = await t.client.call('strategies.get', { id: dup.id }).catch((e: unknown) => e);
    expect((gone as ContractCallError).code).toBe('NOT_FOUND');
  });

  it('creates from a template with the edited source the workbench saves', async () => {
    const [sma] = (await t.client.call('strategies.templates', {})).filter((x) => x.id === 'sma-cross');
    const edited = sma.source.replace('default: 10', 'default: 11');
    const s = StrategyDetailSchema.parse(await t.client.call('strategies.create', { templateId: 'sma-cross', source: edited }));
    expect(s).toMatchObject({ templateId: 'sma-cross', description: sma.description, version: 1, source: edited });
    expect(s.name).toMatch(/^SMA crossover/);
    expect(s.versions[0].message).toBe('from template sma-cross, edited');
    const missing = await t.client.call('strategies.create', { templateId: 'no-such', source: edited }).catch((e: unknown) => e);
    expect((missing as ContractCallError).code).toBe('NOT_FOUND');
  });

  it('compiles a source into diagnostics and the declared params', async () => {
    const [sma] = (await t.client.call('strategies.templates', {})).filter((x) => x.id === 'sma-cross');
    const ok = CompileResultSchema.parse(await t.client.call('strategies.compile', { source: sma.source }));
    expect(ok.diagnostics).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(ok.strategy?.params.slow).toMatchObject({ type: 'int', default: 30 });
    const bad = CompileResultSchema.parse(await t.client.call('strategies.compile', { source: sma.source.replace('onBar(ctx, state) {', 'onBar(ctx, state) {{') }));
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0].line).toBeGreaterThan(1);
  });
});
