// System packages the full test suite needs: Debian's Chromium (browser tests) and
// gnome-keyring with a D-Bus session (the real OS keychain). Installs what is missing when
// running as root on Debian/Ubuntu, the way `playwright install --with-deps` does; otherwise
// says exactly what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const NEEDS = [
  { bin: '/usr/bin/chromium', pkg: 'chromium', why: 'browser end-to-end tests' },
  { bin: '/usr/bin/gnome-keyring-daemon', pkg: 'gnome-keyring', why: 'OS keychain tests' },
  { bin: '/usr/bin/dbus-run-session', pkg: 'dbus', why: 'a D-Bus session for the keychain' },
  { bin: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', pkg: 'fonts-wqy-microhei', why: 'Chinese glyphs in zh-CN screenshots' },
];

export function missingSystemPackages() {
  return NEEDS.filter((n) => !existsSync(n.bin));
}

export function ensureSystemPackages() {
  const missing = missingSystemPackages();
  if (missing.length === 0) return true;
  const pkgs = missing.map((m) => m.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (process.platform === 'linux' && isRoot && hasApt) {
    console.log(`installing system packages for the tests: ${pkgs.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs, 'libsecret-1-0'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && missingSystemPackages().length === 0) return true;
  }
  console.error(
    `The tests need these system packages: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.\n` +
      (process.platform === 'linux' ? `Install them with: sudo apt-get install ${pkgs.join(' ')}\n` : 'On macOS and Windows the browser and keychain tests run on Linux CI only.\n'),
  );
  return false;
}
