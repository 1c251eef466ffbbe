import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, withCsp } from './csp';

describe('desktop CSP', () => {
  it('allows scripts from the app only: no inline, no eval, no remote', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('replaces whatever CSP a response carried', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' });
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['Content-Security-Policy']);
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('relaxes only what the dev server needs, and only when asked', () => {
    const dev = contentSecurityPolicy({ dev: true });
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain('ws://localhost:*');
    expect(dev).not.toContain('unsafe-eval');
    expect(withCsp({}, { dev: true })['Content-Security-Policy']).toEqual([dev]);
  });
});
