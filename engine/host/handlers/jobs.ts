import type { Handlers } from '../handler-types';

export const jobsHandlers: Pick<Handlers, 'jobs.list' | 'jobs.cancel'> = {
  'jobs.list': (input, { services }) => services.jobs.list(input.status),
  'jobs.cancel': (input, { services }) => ({ cancelled: services.jobs.cancel(input.jobId) }),
};
