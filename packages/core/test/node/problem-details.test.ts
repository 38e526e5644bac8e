import {
  ApiRequestError,
  CredentialsRejectedError,
  InvalidOptionsError,
  RateLimitedError,
} from '@cloud-token/core';
import { toCloudFailureProblem, toProblemDetails } from '@cloud-token/core/node';
import { describe, expect, it } from 'vitest';

describe('toProblemDetails()', () => {
  it('answers a rate limit 503 with Retry-After and a fixed detail', () => {
    const answer = toProblemDetails(new RateLimitedError(120_000, Date.now() + 120_000));
    expect(answer).toEqual({
      status: 503,
      headers: { 'retry-after': '120', 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail:
          'The cloud API is rate limiting this service; try again after the Retry-After delay.',
        code: 'ERR_RATE_LIMITED',
      },
    });
  });

  it('names the kind of failure as title when the application gives problem types', () => {
    const answer = toProblemDetails(new ApiRequestError('connect ECONNREFUSED 10.0.0.1:443'), {
      problemType: (code) => `https://docs.example.com/problems/${code.toLowerCase()}`,
    });
    expect(answer?.status).toBe(502);
    expect(answer?.body).toEqual({
      type: 'https://docs.example.com/problems/err_api_request',
      title: 'Cloud API unreachable',
      status: 502,
      detail: 'This service could not reach the cloud API.',
      code: 'ERR_API_REQUEST',
    });
  });

  it('never carries the operator message into the answer', () => {
    const error = new CredentialsRejectedError('invalid_client', {
      description: 'client s3cr3t-value unknown',
      upstreamStatus: 400,
    });
    const answer = toProblemDetails(error);
    expect(answer?.status).toBe(502);
    expect(JSON.stringify(answer)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(answer)).not.toContain('invalid_client');
  });

  it('answers misconfiguration 500 without naming the option', () => {
    const answer = toProblemDetails(new InvalidOptionsError('clientSecret', 'must be a string'));
    expect(answer?.status).toBe(500);
    expect(answer?.body.detail).toBe('This service is misconfigured for the cloud API.');
    expect(JSON.stringify(answer)).not.toContain('clientSecret');
  });

  it('leaves any other error to the framework', () => {
    expect(toProblemDetails(new Error('boom'))).toBeUndefined();
    expect(toProblemDetails('boom')).toBeUndefined();
    expect(toProblemDetails(undefined)).toBeUndefined();
  });
});

describe('toCloudFailureProblem()', () => {
  it("keeps the cloud's 429 and 503 with their Retry-After, as the routes and the proxy pass them on", () => {
    expect(toCloudFailureProblem({ status: 429, retryAfter: '30' })).toEqual({
      status: 429,
      headers: { 'retry-after': '30', 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail:
          'The cloud API is rate limiting this service; try again after the Retry-After delay.',
      },
    });
    const date = 'Wed, 01 Jan 2031 00:00:00 GMT';
    const unavailable = toCloudFailureProblem({ status: 503, retryAfter: ` ${date}` });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe(date);
    expect(unavailable.body.title).toBe('Service Unavailable');
  });

  it('drops a Retry-After that is not one, rather than pass garbage on', () => {
    for (const retryAfter of ['soon', '-1', '', null, undefined]) {
      expect(toCloudFailureProblem({ status: 429, retryAfter }).headers).toEqual({
        'content-type': 'application/problem+json; charset=utf-8',
      });
    }
  });

  it('answers any other failed call 502, naming ERR_API_REQUEST when no answer came back', () => {
    for (const status of [400, 401, 404, 500, 502]) {
      const answer = toCloudFailureProblem({ status, retryAfter: '5' });
      expect(answer.status).toBe(502);
      expect(answer.headers['retry-after']).toBeUndefined();
      expect(answer.body).toEqual({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'A call to the cloud API failed.',
      });
    }
    expect(
      toCloudFailureProblem({}, { problemType: (code) => `https://docs.example.com/${code}` }).body,
    ).toEqual({
      type: 'https://docs.example.com/ERR_API_REQUEST',
      title: 'Cloud API unreachable',
      status: 502,
      detail: 'This service could not reach the cloud API.',
      code: 'ERR_API_REQUEST',
    });
  });
});
