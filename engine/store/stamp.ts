/** A UTC time stamp that sorts and is safe in file names on every platform: `20261121T154148123Z`. */
export function utcStamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}
