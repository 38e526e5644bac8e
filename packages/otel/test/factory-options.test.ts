import * as otel from '@cloud-token/otel';
import { expect, it } from 'vitest';

/*
 * instrumentCloudToken, this package's one function, reads its options
 * through its schema: a misspelt key is refused with a did-you-mean, and an
 * inherited meterProvider is never used.
 */

it('has one function, instrumentCloudToken', () => {
  expect(Object.keys(otel)).toEqual(['instrumentCloudToken']);
});

it('refuses a misspelt key with a did-you-mean', () => {
  const make = () => otel.instrumentCloudToken({ meterprovider: {} } as never);
  expect(make).toThrow(
    expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'meterprovider' }),
  );
  expect(make).toThrow('did you mean "meterProvider"?');
});

it('reads nothing inherited from Object.prototype', () => {
  let asked = 0;
  const foreign = {
    getMeter() {
      asked += 1;
      throw new Error('an inherited meterProvider was used');
    },
  };
  Object.defineProperty(Object.prototype, 'meterProvider', { value: foreign, configurable: true });
  try {
    otel.instrumentCloudToken({}).close();
  } finally {
    Reflect.deleteProperty(Object.prototype, 'meterProvider');
  }
  expect(asked).toBe(0);
});
