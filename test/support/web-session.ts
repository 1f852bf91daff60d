/** The web application as a browser uses it, without a browser: signing in with an API key, then posting its forms. */
import { expect } from 'vitest';
import type { Harness } from './api.ts';

/** Signs in to the web application with an API key, as a browser would; returns the session cookie. */
export async function webSignIn(h: Harness, apiKey: string): Promise<string> {
  const form = await h.app.request('/app/login');
  const loginCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const signedIn = await h.app.request('/app/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ apiKey, _csrf: csrf }).toString(),
  });
  expect(signedIn.status).toBe(303);
  const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('klausul_session='));
  expect(session).toBeDefined();
  return session!.split(';')[0]!;
}

export interface WebUser {
  /** Posts a form (URL-encoded, or multipart when it holds a file) with the session's CSRF token; the page as text. */
  post(path: string, form: URLSearchParams | FormData | string): Promise<{ status: number; text: string; location: string | null }>;
}

/** A signed-in user of the web application, with the CSRF token its pages carry. */
export async function webUser(h: Harness, apiKey: string): Promise<WebUser> {
  const cookie = await webSignIn(h, apiKey);
  const home = await (await h.app.request('/app', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)![1]!;
  return {
    async post(path, form) {
      const multipart = form instanceof FormData;
      if (form instanceof URLSearchParams || multipart) form.set('_csrf', csrf);
      const body = typeof form === 'string' ? `${form}&_csrf=${encodeURIComponent(csrf)}` : multipart ? form : form.toString();
      const headers: Record<string, string> = { cookie };
      if (!multipart) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await h.app.request(path, { method: 'POST', headers, body });
      return { status: res.status, text: await res.text(), location: res.headers.get('location') };
    },
  };
}
