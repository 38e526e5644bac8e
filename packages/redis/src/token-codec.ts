import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
/**
 * What the encoded blob carries: the token, the generation it was written
 * under, and when it expires and was obtained on Redis's clock (the same
 * moments the record keeps next to the blob for the fenced write and the
 * readers' durations: a record edited in Redis no longer matches its blob).
 */
export interface EncodedToken {
  readonly value: string;
  readonly type: string;
  readonly generation: number;
  readonly expiresAt: number;
  readonly obtainedAt: number;
}

/**
 * Turns a token into the blob kept in Redis and back. With keys it is
 * AES-256-GCM under `keys[0]` (a random 96-bit IV each time, the store key as
 * associated data, so a blob copied under another credential's key fails to
 * decrypt); every key is tried for reading, which is how a rotation works.
 * Without keys it is plain JSON. `decode` answers `undefined` for anything it
 * cannot trust: a miss, never an error.
 */
export interface TokenCodec {
  readonly encrypted: boolean;
  encode(storeKey: string, token: EncodedToken): string;
  /** The token of `blob`, when it decodes and carries exactly the record's `fields`. */
  decode(storeKey: string, blob: string, fields: RecordFields): EncodedToken | undefined;
}

// Version 2: the moments are Redis's, and the obtained moment is in it.
const ENCRYPTED = 'e2.';
const PLAIN = 'p2.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The record's fields next to the blob: generation, expiry and obtained moment. */
export type RecordFields = Pick<EncodedToken, 'generation' | 'expiresAt' | 'obtainedAt'>;

interface Payload {
  v: string;
  t: string;
  g: number;
  e: number;
  o: number;
}

function toPayload(token: EncodedToken): string {
  const payload: Payload = {
    v: token.value,
    t: token.type,
    g: token.generation,
    e: token.expiresAt,
    o: token.obtainedAt,
  };
  return JSON.stringify(payload);
}

/**
 * The payload carries its own generation and moments; they must match the
 * fields the fenced write compared and the readers count from, or someone
 * edited the record in Redis.
 */
function fromPayload(json: string, fields: RecordFields): EncodedToken | undefined {
  try {
    const payload = JSON.parse(json) as Partial<Payload>;
    if (
      typeof payload.v !== 'string' ||
      typeof payload.t !== 'string' ||
      payload.g !== fields.generation ||
      payload.e !== fields.expiresAt ||
      payload.o !== fields.obtainedAt
    ) {
      return undefined;
    }
    return { value: payload.v, type: payload.t, ...fields };
  } catch {
    return undefined;
  }
}

function associatedData(storeKey: string): Buffer {
  return Buffer.from(`cloud-token:${storeKey}`, 'utf8');
}

function decrypt(key: Buffer, storeKey: string, sealed: Buffer): string | undefined {
  try {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(associatedData(storeKey));
    decipher.setAuthTag(tag);
    const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A codec over `keys` (32 bytes each, the first one encrypts), or plain JSON without keys. */
export function tokenCodec(keys: readonly Buffer[]): TokenCodec {
  const [current] = keys;
  if (current === undefined) {
    return {
      encrypted: false,
      encode: (_storeKey, token) => PLAIN + toPayload(token),
      decode: (_storeKey, blob, fields) =>
        blob.startsWith(PLAIN) ? fromPayload(blob.slice(PLAIN.length), fields) : undefined,
    };
  }
  return {
    encrypted: true,
    encode(storeKey, token) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(associatedData(storeKey));
      const body = Buffer.concat([cipher.update(toPayload(token), 'utf8'), cipher.final()]);
      return ENCRYPTED + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
    },
    decode(storeKey, blob, fields) {
      // A plain blob under an encrypting store is not trusted: anyone who can write to Redis could plant it.
      if (!blob.startsWith(ENCRYPTED)) return undefined;
      const sealed = Buffer.from(blob.slice(ENCRYPTED.length), 'base64');
      if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
      for (const key of keys) {
        const json = decrypt(key, storeKey, sealed);
        if (json !== undefined) return fromPayload(json, fields);
      }
      return undefined;
    },
  };
}
