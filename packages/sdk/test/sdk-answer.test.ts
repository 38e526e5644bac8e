import { describe, expect, it } from 'vitest';
import { sdkAnswerOf } from '../src/sdk-answer.js';

describe('sdkAnswerOf reads the answer out of each SDK’s rejection', () => {
  it('Words: { response, body } from `request`, with its headers', () => {
    const error = { response: { statusCode: 429, headers: { 'retry-after': '3' } }, body: {} };

    expect(sdkAnswerOf(error)).toEqual({ status: 429, retryAfter: '3' });
  });

  it('PDF: superagent’s error (status, response.header)', () => {
    const error = Object.assign(new Error('Too Many Requests'), {
      status: 503,
      response: { status: 503, header: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' } },
    });

    expect(sdkAnswerOf(error)).toEqual({
      status: 503,
      retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT',
    });
  });

  it('Cells, Conversion, Viewer: { message, code } without headers', () => {
    expect(sdkAnswerOf({ message: 'invalid_token', code: 401 })).toEqual({
      status: 401,
      retryAfter: undefined,
    });
  });

  it.each([
    ['a network error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['Words’ own "Authorization failed"', new Error('Authorization failed')],
    [
      'a GroupDocs error code that is no status',
      { message: 'not found', code: 'errorItemNotFound' },
    ],
    ['a number out of the HTTP range', { code: 42 }],
    ['not an object', 'failed'],
    ['null', null],
  ])('%s: no answer', (_, error) => {
    expect(sdkAnswerOf(error)).toBeUndefined();
  });
});
