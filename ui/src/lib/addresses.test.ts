import { describe, expect, it } from 'vitest';
import { isAddress, parseAddresses } from './addresses';

describe('a server address', () => {
  it('is http(s) with a workspace name at the end', () => {
    expect(isAddress('https://steerco.example.dk/portefolje')).toBe(true);
    expect(isAddress('http://127.0.0.1:8700/acme')).toBe(true);
    expect(isAddress('https://example.dk/steerco/acme/')).toBe(true);
  });
  it('is not another scheme, a bare host, a name the server does not allow, nor one with a query, a fragment, a login or a space', () => {
    for (const s of [
      'ftp://example.dk/acme',
      'https://example.dk',
      'https://example.dk/',
      'example.dk/acme',
      'https://example.dk/acme?x=1',
      'https://example.dk/acme#top',
      'https://anne:pw@example.dk/acme',
      'https://example.dk/ac me',
      'https://example.dk/portefølje',
      `https://example.dk/${'a'.repeat(65)}`,
      '',
    ]) {
      expect(isAddress(s), s).toBe(false);
    }
  });
});

describe('the addresses typed', () => {
  it('are one a line in order, trimmed, without blanks or repeats', () => {
    const text = ' http://127.0.0.1:1/acme \n\n  https://b.example.dk/acme\nhttp://127.0.0.1:1/acme\n';
    expect(parseAddresses(text)).toEqual({
      urls: ['http://127.0.0.1:1/acme', 'https://b.example.dk/acme'],
      bad: [],
    });
  });
  it('name the lines that are no address', () => {
    expect(parseAddresses('https://a.example.dk/acme\nb.example.dk/acme\r\n')).toEqual({
      urls: ['https://a.example.dk/acme'],
      bad: ['b.example.dk/acme'],
    });
  });
  it('are none in an empty text', () => {
    expect(parseAddresses(' \n ')).toEqual({ urls: [], bad: [] });
  });
});
