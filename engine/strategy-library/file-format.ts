/**
 * A strategy file is the strategy's TypeScript as is, with one header comment naming it, so an
 * exported file opens in any editor and runs through the CLI unchanged.
 */
const HEADER = /^\/\/ Quantdesk strategy: (.+?)(?: \(v\d+\))?\r?\n/;

export function exportFile(name: string, version: number, source: string): { fileName: string; content: string } {
  const base = name.trim().toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-').replace(/^-+|-+$/g, '') || 'strategy';
  return { fileName: `${base}.ts`, content: `// Quantdesk strategy: ${name.replace(/\s+/g, ' ')} (v${version})\n${source.replace(HEADER, '')}` };
}

/** The name (from the header, else the file name) and the source without the header. */
export function readFile(fileName: string, content: string): { name: string; source: string } {
  const m = HEADER.exec(content);
  if (m) return { name: m[1].trim(), source: content.slice(m[0].length) };
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(ts|js|mts|txt)$/i, '').trim();
  return { name: base || 'Imported strategy', source: content };
}
