import { AUTHORIZED_FETCH_OPTION_KEYS } from '../call/authorized-fetch.js';
import { type OptionKeys, readOptionsObject } from '../shared/options.js';
import { CLIENT_CREDENTIALS_OPTION_KEYS } from '../token-endpoint/client-credentials.js';
import { TOKEN_SOURCE_OPTION_KEYS } from '../token-source/token-source-options.js';

/** The three forms of a server adapter's `cloudToken()` options. */
export type MiddlewareForm = 'client' | 'source' | 'tenant';

const own = ['prefetch'];
const tenantOnly = ['credentials', 'maxTenants'];
const sourceOptionsWhy = 'the source passed as "source" was made with its own options';
const tenantOnlyWhy = 'it belongs with a per-tenant "credentials(req)" function';
const credentialsWhy = {
  source: 'the source passed as "source" has its own credentials',
  tenant: '"credentials(req)" gives each tenant its credentials',
};

function because(keys: readonly string[], why: string): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, why]));
}

/**
 * The keys each form accepts, and those of the other forms with why they do
 * nothing there (`logger` next to `source`, `maxTenants` without
 * `credentials`). `adapterKeys` are the adapter's own options (Koa's `stateKey`).
 */
function keysOf(form: MiddlewareForm, adapterKeys: readonly string[]): OptionKeys {
  const fetchKeys = [...AUTHORIZED_FETCH_OPTION_KEYS, ...own, ...adapterKeys];
  const credentialKeys = CLIENT_CREDENTIALS_OPTION_KEYS.filter((key) => !fetchKeys.includes(key));
  switch (form) {
    case 'client':
      return {
        known: [...CLIENT_CREDENTIALS_OPTION_KEYS, ...TOKEN_SOURCE_OPTION_KEYS, ...fetchKeys],
        elsewhere: because(tenantOnly, tenantOnlyWhy),
      };
    case 'source':
      return {
        known: ['source', ...fetchKeys],
        elsewhere: {
          ...because(TOKEN_SOURCE_OPTION_KEYS, sourceOptionsWhy),
          ...because(credentialKeys, credentialsWhy.source),
          ...because(tenantOnly, tenantOnlyWhy),
        },
      };
    case 'tenant':
      return {
        known: [...tenantOnly, ...TOKEN_SOURCE_OPTION_KEYS, ...fetchKeys],
        elsewhere: because(credentialKeys, credentialsWhy.tenant),
      };
  }
}

/**
 * Rejects, at creation, every key the given form of the middleware options
 * does not use: an unknown one with the closest known key (`baseURL` →
 * `baseUrl`), one of another form with why it does nothing here.
 */
export function checkMiddlewareKeys(
  options: object,
  form: MiddlewareForm,
  adapterKeys: readonly string[],
): void {
  readOptionsObject(options, 'options', keysOf(form, adapterKeys));
}
