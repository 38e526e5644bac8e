import { describe, expect, it } from 'vitest';
import { requestDestinations } from '../src/request-destinations.js';

const baseURL = 'https://api.aspose.cloud/v4.0';

describe('requestDestinations', () => {
  it('joins a relative url to baseURL with exactly one slash', () => {
    expect(requestDestinations({ baseURL, url: '/words/doc.docx' })).toEqual([
      'https://api.aspose.cloud/v4.0/words/doc.docx',
    ]);
    expect(requestDestinations({ baseURL: `${baseURL}//`, url: 'words' })).toEqual([
      'https://api.aspose.cloud/v4.0/words',
    ]);
  });

  it('uses baseURL alone when there is no url', () => {
    expect(requestDestinations({ baseURL })).toEqual([baseURL]);
  });

  it('uses an absolute url as it is, whatever baseURL says', () => {
    expect(requestDestinations({ baseURL, url: 'https://elsewhere.example/x' })).toEqual([
      'https://elsewhere.example/x',
    ]);
    expect(requestDestinations({ baseURL, url: 'HTTP://elsewhere.example/x' })).toEqual([
      'HTTP://elsewhere.example/x',
    ]);
  });

  it('treats a protocol-relative url as absolute, so it is never joined to baseURL', () => {
    expect(requestDestinations({ baseURL, url: '//elsewhere.example/x' })).toEqual([
      '//elsewhere.example/x',
    ]);
  });

  it('keeps the absolute url among the destinations under allowAbsoluteUrls: false (axios < 1.8 ignores it)', () => {
    expect(
      requestDestinations({
        baseURL,
        url: 'https://elsewhere.example/x',
        allowAbsoluteUrls: false,
      }),
    ).toEqual([
      'https://elsewhere.example/x',
      'https://api.aspose.cloud/v4.0/https://elsewhere.example/x',
    ]);
  });

  it('leaves a relative url without baseURL relative', () => {
    expect(requestDestinations({ url: '/words' })).toEqual(['/words']);
  });
});
