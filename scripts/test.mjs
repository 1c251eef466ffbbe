#!/usr/bin/env node
// `npm test`: every test project (unit, integration, e2e) in one vitest run, inside a private
// D-Bus session with an unlocked gnome-keyring (the real OS keychain, isolated from the user's),
// ending with the line `N passed, N failed` (the type check of every layer counts as one test).
//   npm test                 everything
//   npm test -- --project unit   any vitest arguments pass through
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages, missingSystemPackages } from './system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const extra = process.argv.slice(2);

if (!ensureSystemPackages()) process.exit(1);

// Build once up front (engine bundles, renderer): the integration and e2e tests run what ships.
const build = spawnSync(process.execPath, [existsSync('scripts/build.mjs') ? 'scripts/build.mjs' : 'scripts/build-engine.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// Every layer type-checks with its own tsconfig (pure engine folders without Node typings):
// counted as one test, so a type error fails the run like any other defect.
const layers = ['shared', 'engine/tsconfig.pure.json', 'engine', 'electron', 'renderer', 'tests'];
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const typeErrors = layers.filter((p) => spawnSync(process.execPath, [tsc, '-p', p], { stdio: 'inherit' }).status !== 0);
if (typeErrors.length) console.log(`type check failed for: ${typeErrors.join(', ')}`);

mkdirSync('.tmp', { recursive: true });
const report = join(root, '.tmp', 'vitest-report.json');
rmSync(report, { force: true });
const keyringHome = mkdtempSync(join(tmpdir(), 'quantdesk-keyring-'));
const vitest = [process.execPath, join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra];
const quoted = vitest.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
const script = `printf 'quantdesk-test' | XDG_DATA_HOME='${keyringHome}' gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`;
const run =
  missingSystemPackages().length === 0
    ? spawnSync('dbus-run-session', ['--', 'sh', '-c', script], { stdio: 'inherit', env: { ...process.env, QUANTDESK_SKIP_BUILD: '1', QUANTDESK_TEST_KEYRING: '1' } })
    : spawnSync(vitest[0], vitest.slice(1), { stdio: 'inherit', env: { ...process.env, QUANTDESK_SKIP_BUILD: '1' } });
rmSync(keyringHome, { recursive: true, force: true });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  // A file that failed without a failing test (an import error, a failing hook) counts once.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed = (r.numFailedTests ?? 0) + brokenFiles;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} catch {
  failed = Math.max(failed, 1); // no report: vitest itself failed to run
}
if (run.status !== 0 && failed === 0) failed = 1;
if (typeErrors.length) failed += 1;
else passed += 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
