import { parseCommandArgs } from '../args';
import type { CliCommand } from '../cli-io';
import { withEngineClient } from '../with-client';

export const killCommand: CliCommand = {
  name: 'kill',
  summary: 'kill switch: halt strategies, cancel open orders (optionally flatten); persisted until released',
  usage: `quantdesk kill [--account N] [--flatten] [--reduce-only] [--release] [--reason TEXT] [--data-dir DIR]
  Without --account it applies to every account.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('kill', argv, { account: { type: 'string' }, flatten: { type: 'boolean' }, 'reduce-only': { type: 'boolean' }, release: { type: 'boolean' }, reason: { type: 'string' } });
    const scope = values.account ? { accountId: values.account } : {};
    return withEngineClient(values['data-dir'], async (client) => {
      if (values.release) {
        await client.call('kill.release', scope);
        io.out(`kill switch released for ${values.account ?? 'all accounts'}\n`);
        return 0;
      }
      const r = await client.call('kill.engage', { ...scope, mode: values['reduce-only'] ? 'reduce-only' : 'halted', flatten: values.flatten ?? false, reason: values.reason ?? 'quantdesk kill' });
      io.out(`kill switch ${values['reduce-only'] ? 'reduce-only' : 'halted'} for ${values.account ?? 'all accounts'}: ${r.stopped} deployment(s) stopped, ${r.canceled} order(s) canceled, ${r.unknown} not confirmed yet${values.flatten ? `, ${r.flattened} position(s) flattened` : ''}\n`);
      return r.unknown > 0 ? 1 : 0;
    });
  },
};
