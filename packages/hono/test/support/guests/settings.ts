import type { AppSetup } from '../conformance-app.js';

/** The app's settings from a runtime's environment (env variables, or Workers' bindings). */
export function settingsFrom(read: (name: string) => string | undefined): AppSetup {
  const value = (name: string): string => {
    const found = read(name);
    if (found === undefined) throw new Error(`the guest needs ${name}`);
    return found;
  };
  return {
    tokenUrl: value('TOKEN_URL'),
    clientId: value('CLIENT_ID'),
    clientSecret: value('CLIENT_SECRET'),
    baseUrl: value('BASE_URL'),
    proxyTarget: value('PROXY_TARGET'),
  };
}
