// The CLI bundle's entry (out/engine/cli.cjs, which bin/quantdesk.cjs runs): the command line in, an exit code out.
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
