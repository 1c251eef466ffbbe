import type { StrategyDetail } from '../../../shared/contract/strategies';
import { strategyRepository, type StrategyRepository } from '../../store/strategy-repository';
import { describeSource } from '../../strategy-library/describe';
import { exportFile, readFile } from '../../strategy-library/file-format';
import { DEFAULT_TEMPLATE, getTemplate, listTemplates } from '../../strategy-library/templates';
import type { Handlers } from '../handler-types';
import type { EngineServices } from '../services';

function repo(services: EngineServices): StrategyRepository {
  return strategyRepository(services.stores.journalDb, () => services.clock.now());
}

function detail(r: StrategyRepository, id: string, version?: number): StrategyDetail {
  const s = r.get(id);
  const v = version ?? s.latestVersion;
  return { ...s, version: v, source: r.source(id, v), versions: r.versions(id) };
}

type StrategyMethods =
  | 'strategies.templates'
  | 'strategies.list'
  | 'strategies.get'
  | 'strategies.create'
  | 'strategies.save'
  | 'strategies.restore'
  | 'strategies.rename'
  | 'strategies.duplicate'
  | 'strategies.delete'
  | 'strategies.export'
  | 'strategies.import'
  | 'strategies.compile';

export const strategiesHandlers: Pick<Handlers, StrategyMethods> = {
  'strategies.templates': () => listTemplates(),
  'strategies.list': (_input, { services }) => repo(services).list(),
  'strategies.get': (input, { services }) => detail(repo(services), input.id, input.version),

  'strategies.create': (input, { services }) => {
    const r = repo(services);
    // A template with a source is the workbench saving an edited template: the template gives the
    // name, description and provenance, the source is what the user wrote.
    const templateId = input.templateId ?? (input.source === undefined ? DEFAULT_TEMPLATE : undefined);
    const template = templateId !== undefined ? getTemplate(templateId) : null;
    const source = input.source ?? template!.source;
    const name = r.uniqueName(input.name ?? template?.name ?? 'New strategy');
    const message = template ? (source === template.source ? `from template ${template.id}` : `from template ${template.id}, edited`) : null;
    const s = r.create({ name, source, description: template?.description ?? null, templateId: template?.id ?? null, message });
    return detail(r, s.id);
  },

  'strategies.save': (input, { services }) => {
    const r = repo(services);
    const saved = r.save(input.id, input.source, input.message ?? null);
    return { strategy: detail(r, input.id), version: saved.version, created: saved.created };
  },

  'strategies.restore': (input, { services }) => {
    const r = repo(services);
    const saved = r.restore(input.id, input.version);
    return { strategy: detail(r, input.id), version: saved.version, created: saved.created };
  },

  'strategies.rename': (input, { services }) => repo(services).rename(input.id, input.name),
  'strategies.duplicate': (input, { services }) => {
    const r = repo(services);
    return detail(r, r.duplicate(input.id).id);
  },
  'strategies.delete': (input, { services }) => {
    repo(services).remove(input.id);
    return { deleted: true as const };
  },

  'strategies.export': (input, { services }) => {
    const r = repo(services);
    const s = r.get(input.id);
    const v = input.version ?? s.latestVersion;
    return exportFile(s.name, v, r.source(input.id, v));
  },

  'strategies.import': (input, { services }) => {
    const r = repo(services);
    const { name, source } = readFile(input.fileName, input.content);
    const s = r.create({ name: r.uniqueName(name), source, message: `imported from ${input.fileName}` });
    return detail(r, s.id);
  },

  'strategies.compile': (input) => describeSource(input.source),
};
