import { WordsApi } from 'asposewordscloud';
import { WordsApi as WordsApi22 } from 'asposewordscloud-22';
import { InfoApi } from 'groupdocs-viewer-cloud';
import { expect, it } from 'vitest';
import { findSdkPackage } from '../src/sdk-package.js';

it('finds the package and version a client’s class comes from, npm aliases included', () => {
  expect(findSdkPackage(new WordsApi('id', 'secret'))).toEqual({
    name: 'asposewordscloud',
    version: '24.12.0',
  });
  expect(findSdkPackage(new WordsApi22('id', 'secret'))).toEqual({
    name: 'asposewordscloud',
    version: '22.9.0',
  });
  expect(findSdkPackage(InfoApi.fromKeys('id', 'secret'))).toEqual({
    name: 'groupdocs-viewer-cloud',
    version: '20.5.0',
  });
});

it('finds it for a subclass, through the class it extends', () => {
  class Mine extends WordsApi {}

  expect(findSdkPackage(new Mine('id', 'secret'))?.version).toBe('24.12.0');
});

it('finds nothing for objects no loaded package exports', () => {
  expect(findSdkPackage({})).toBeUndefined();
  expect(findSdkPackage(Object.create(null) as object)).toBeUndefined();
  expect(findSdkPackage(new (class Local {})())).toBeUndefined();
});
