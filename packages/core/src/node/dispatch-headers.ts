import type { Dispatcher } from 'undici';

type DispatchHeaders = Dispatcher.DispatchOptions['headers'];

/**
 * The request headers of an undici dispatch with `authorization` set to
 * `value` and every other `authorization` (any case) left out. The caller's
 * headers are never changed, so a replay starts from them again. Takes every
 * form undici does: a record, a flat `[name, value, …]` array, an iterable of
 * pairs (`Headers`, `Map`); gives a record or a flat array.
 */
export function withAuthorization(
  headers: DispatchHeaders,
  value: string,
): Record<string, string | string[] | undefined> | string[] {
  if (headers === undefined || headers === null) return { authorization: value };
  if (Array.isArray(headers)) {
    const list: string[] = [];
    for (let index = 0; index < headers.length; index += 2) {
      const name = headers[index] as string;
      if (!isAuthorization(name)) list.push(name, headers[index + 1] as string);
    }
    list.push('authorization', value);
    return list;
  }
  if (isIterable(headers)) {
    const list: string[] = [];
    for (const [name, item] of headers) {
      if (item === undefined || isAuthorization(name)) continue;
      if (typeof item === 'string') list.push(name, item);
      else for (const one of item) list.push(name, one);
    }
    list.push('authorization', value);
    return list;
  }
  const record: Record<string, string | string[] | undefined> = {};
  for (const name in headers) {
    if (!isAuthorization(name)) record[name] = (headers as Record<string, string>)[name];
  }
  record.authorization = value;
  return record;
}

function isAuthorization(name: string): boolean {
  return name.length === 13 && name.toLowerCase() === 'authorization';
}

function isIterable(headers: object): headers is Iterable<[string, string | string[] | undefined]> {
  return typeof (headers as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}
