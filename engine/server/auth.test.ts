import { describe, expect, it } from 'vitest';
import { allowedOrigins, createAccessToken, isAllowedOrigin, isAuthorized, parseCookies, sessionCookie } from './auth';
import { contentSecurityPolicy } from '../host/web/csp';

describe('server auth', () => {
  it('makes distinct 256-bit URL-safe tokens', () => {
    const a = createAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createAccessToken()).not.toBe(a);
  });

  it('accepts the token from the query or the session cookie, nothing else', () => {
    const token = 'tok';
    expect(isAuthorized(new URL('http://x/?token=tok'), undefined, token)).toBe(true);
    expect(isAuthorized(new URL('http://x/'), 'a=1; qd_session=tok', token)).toBe(true);
    expect(isAuthorized(new URL('http://x/'), 'qd_session=toka', token)).toBe(false);
    expect(isAuthorized(new URL('http://x/?token='), undefined, token)).toBe(false);
    expect(isAuthorized(new URL('http://x/'), undefined, token)).toBe(false);
  });

  it('parses cookies and writes an HttpOnly SameSite=Strict session cookie', () => {
    expect(parseCookies('a=1; b = two%20words ;c')).toEqual({ a: '1', b: 'two words' });
    expect(sessionCookie('t')).toBe('qd_session=t; HttpOnly; SameSite=Strict; Path=/');
  });

  it('allows our own origins and non-browser clients only', () => {
    const allowed = allowedOrigins('127.0.0.1', 7420);
    expect(isAllowedOrigin('http://127.0.0.1:7420', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:7420', allowed)).toBe(true);
    expect(isAllowedOrigin(undefined, allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:7421', allowed)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:7420', allowed)).toBe(false);
    expect(isAllowedOrigin('null', allowed)).toBe(false);
  });

  it('has a CSP without inline or eval scripts', () => {
    const csp = contentSecurityPolicy();
    const script = csp.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });
});
