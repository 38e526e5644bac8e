import { describe, expect, it } from 'vitest';
import { requestHeadersToForward, responseHeadersToReturn } from '../../src/node/proxy-headers.js';

describe('requestHeadersToForward', () => {
  it("withholds the browser's credentials, hop-by-hop headers and those fetch sets itself", () => {
    const forwarded = requestHeadersToForward({
      authorization: 'Bearer browser-token',
      cookie: 'session=browser-session',
      'proxy-authorization': 'Basic cHJveHk6cHJveHk=',
      host: 'app.example',
      connection: 'keep-alive, X-Hop',
      'keep-alive': 'timeout=5',
      'proxy-connection': 'keep-alive',
      te: 'trailers',
      trailer: 'x-checksum',
      'transfer-encoding': 'chunked',
      upgrade: 'websocket',
      'x-hop': 'named in Connection',
      'content-length': '12',
      expect: '100-continue',
      'accept-encoding': 'gzip, br, zstd',
      forwarded: 'for=203.0.113.7',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-real-ip': '203.0.113.7',
      ':authority': 'app.example',
      'content-type': 'application/json',
      accept: 'application/json',
      'x-request-id': 'r-1',
    });
    expect(forwarded.sort()).toEqual([
      ['accept', 'application/json'],
      ['content-type', 'application/json'],
      ['x-request-id', 'r-1'],
    ]);
  });

  it('keeps every value of a repeated header', () => {
    const forwarded = requestHeadersToForward({ 'x-tag': ['a', 'b'] });
    expect(forwarded).toEqual([
      ['x-tag', 'a'],
      ['x-tag', 'b'],
    ]);
    expect(new Headers(forwarded).get('x-tag')).toBe('a, b');
  });
});

describe('responseHeadersToReturn', () => {
  it('withholds hop-by-hop headers, those named in Connection, and set-cookie', () => {
    const answer = new Headers([
      ['connection', 'keep-alive, x-upstream-hop'],
      ['keep-alive', 'timeout=5'],
      ['transfer-encoding', 'chunked'],
      ['x-upstream-hop', '1'],
      ['set-cookie', 'cloud-session=1'],
      ['content-type', 'application/octet-stream'],
      ['content-length', '42'],
      ['www-authenticate', 'Bearer error="invalid_token"'],
      ['retry-after', '3'],
    ]);
    expect(responseHeadersToReturn(answer)).toEqual({
      'content-type': 'application/octet-stream',
      'content-length': '42',
      'www-authenticate': 'Bearer error="invalid_token"',
      'retry-after': '3',
    });
  });

  it('drops content-encoding and content-length of a body fetch has decoded', () => {
    const answer = new Headers({
      'content-encoding': 'gzip',
      'content-length': '42',
      'content-type': 'text/plain',
    });
    expect(responseHeadersToReturn(answer)).toEqual({ 'content-type': 'text/plain' });
  });

  it('keeps content-length of an identity-encoded body', () => {
    const answer = new Headers({ 'content-encoding': 'identity', 'content-length': '42' });
    expect(responseHeadersToReturn(answer)).toEqual({
      'content-encoding': 'identity',
      'content-length': '42',
    });
  });
});
