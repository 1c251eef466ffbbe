import { z } from 'zod';
import { call } from './define';

export const SystemInfoSchema = z.object({
  app: z.literal('quantdesk'),
  version: z.string(),
  contractVersion: z.number().int(),
  shell: z.enum(['electron', 'server', 'cli', 'test']),
  dataDir: z.string(),
  platform: z.string(),
  node: z.string(),
  pid: z.number().int(),
  startedAt: z.number(),
  databases: z.object({
    journal: z.object({ path: z.string(), migrations: z.array(z.string()) }),
    market: z.object({ path: z.string(), migrations: z.array(z.string()) }),
  }),
  workers: z.object({ engine: z.enum(['worker', 'inline']), pool: z.number().int() }),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const systemMethods = {
  'system.info': call(z.object({}).strict(), SystemInfoSchema),
};
