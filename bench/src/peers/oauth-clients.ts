import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  memoryTokenStore,
} from '@cloud-token/core';
import axios, { type AxiosInstance } from 'axios';
import createAuthRefresh from 'axios-auth-refresh';
import { clientCredentials as axiosClientCredentials } from 'axios-oauth-client';
import tokenInterceptor from 'axios-token-interceptor';
import * as openid from 'openid-client';
import { ClientCredentials } from 'simple-oauth2';

/** The token endpoint and the client, as every library takes them. */
export interface PeerCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A client for one API: `call(path)` resolves the answer's status (0 when it threw without one). */
export interface PeerClient {
  call(path: string): Promise<number>;
  close(): void;
}

/** One library set up the way its README shows for client_credentials. */
export interface OAuthPeer {
  readonly label: string;
  /** Which bare call its per-call overhead is held against. */
  readonly transport: 'fetch' | 'axios';
  start(credentials: PeerCredentials, apiBase: string): PeerClient;
}

/** A token response's access token and when to renew it (`expires_in` seconds from now). */
interface HeldToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

const statusOfFetch = async (answer: Response): Promise<number> => {
  await answer.arrayBuffer();
  return answer.status;
};
const statusOfAxios = (instance: AxiosInstance, path: string): Promise<number> =>
  instance.get(path).then(
    (answer) => answer.status,
    (error: { response?: { status?: number } }) => error.response?.status ?? 0,
  );
const failed = (): number => 0;
const noop = (): void => undefined;

function cloudToken(credentials: PeerCredentials, apiBase: string): PeerClient {
  const source = createTokenSource(clientCredentials(credentials), { store: memoryTokenStore() });
  const call = createAuthorizedFetch(source, { baseUrl: apiBase });
  return {
    call: (path) => call(path).then(statusOfFetch, failed),
    close: () => source.close(),
  };
}

function badgateway(credentials: PeerCredentials, apiBase: string): PeerClient {
  const client = new OAuth2Client({
    server: new URL(credentials.tokenUrl).origin,
    tokenEndpoint: new URL(credentials.tokenUrl).pathname,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    authenticationMethod: 'client_secret_post',
  });
  const wrapper = new OAuth2Fetch({
    client,
    getNewToken: () => client.clientCredentials(),
    scheduleRefresh: false,
  });
  return {
    call: (path) => wrapper.fetch(`${apiBase}${path}`).then(statusOfFetch, failed),
    close: noop,
  };
}

/** A token kept and fetched again once expired: the caching each README leaves to the user. */
function keptToken(obtain: () => Promise<HeldToken>): () => Promise<string> {
  let held: HeldToken | undefined;
  return async () => {
    if (held === undefined || held.expiresAt <= Date.now()) held = await obtain();
    return held.accessToken;
  };
}

function simpleOauth2(credentials: PeerCredentials, apiBase: string): PeerClient {
  const tokenUrl = new URL(credentials.tokenUrl);
  const client = new ClientCredentials({
    client: { id: credentials.clientId, secret: credentials.clientSecret },
    auth: { tokenHost: tokenUrl.origin, tokenPath: tokenUrl.pathname },
    options: { authorizationMethod: 'body' },
  });
  const bearer = keptToken(async () => {
    const token = await client.getToken({});
    return {
      accessToken: String(token.token.access_token),
      expiresAt: Date.now() + Number(token.token.expires_in) * 1_000,
    };
  });
  return {
    call: async (path) => {
      try {
        const authorization = `Bearer ${await bearer()}`;
        return await statusOfFetch(
          await fetch(`${apiBase}${path}`, { headers: { authorization } }),
        );
      } catch {
        return 0;
      }
    },
    close: noop,
  };
}

function openidClient(credentials: PeerCredentials, apiBase: string): PeerClient {
  const config = new openid.Configuration(
    { issuer: new URL(credentials.tokenUrl).origin, token_endpoint: credentials.tokenUrl },
    credentials.clientId,
    credentials.clientSecret,
  );
  openid.allowInsecureRequests(config);
  const bearer = keptToken(async () => {
    const tokens = await openid.clientCredentialsGrant(config);
    return {
      accessToken: tokens.access_token,
      expiresAt: Date.now() + (tokens.expiresIn() ?? 0) * 1_000,
    };
  });
  return {
    call: async (path) => {
      try {
        const answer = await openid.fetchProtectedResource(
          config,
          await bearer(),
          new URL(`${apiBase}${path}`),
          'GET',
        );
        return await statusOfFetch(answer);
      } catch {
        return 0;
      }
    },
    close: noop,
  };
}

function axiosAuthRefresh(credentials: PeerCredentials, apiBase: string): PeerClient {
  const instance = axios.create({ baseURL: apiBase });
  let token: string | undefined;
  instance.interceptors.request.use((config) => {
    if (token !== undefined) config.headers.set('authorization', `Bearer ${token}`);
    return config;
  });
  createAuthRefresh(
    instance,
    async (failedRequest: { response: { config: { headers: Record<string, string> } } }) => {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      });
      const answer = await axios.post<{ access_token: string }>(credentials.tokenUrl, body);
      token = answer.data.access_token;
      failedRequest.response.config.headers.authorization = `Bearer ${token}`;
    },
  );
  return { call: (path) => statusOfAxios(instance, path), close: noop };
}

function axiosOauthClient(credentials: PeerCredentials, apiBase: string): PeerClient {
  const instance = axios.create({ baseURL: apiBase });
  const getToken = axiosClientCredentials(
    axios.create(),
    credentials.tokenUrl,
    credentials.clientId,
    credentials.clientSecret,
  );
  type TokenAnswer = { access_token: string; expires_in: number };
  const cached = tokenInterceptor.tokenCache(() => getToken(undefined) as Promise<TokenAnswer>, {
    getMaxAge: (token) => token.expires_in * 1_000,
  });
  instance.interceptors.request.use(
    tokenInterceptor({
      getToken: cached,
      headerFormatter: (token) => `Bearer ${token.access_token}`,
    }),
  );
  return { call: (path) => statusOfAxios(instance, path), close: noop };
}

/** cloud-token first, then the peers in the order the issue names them. */
export const OAUTH_PEERS: readonly OAuthPeer[] = [
  { label: 'cloud-token (createAuthorizedFetch)', transport: 'fetch', start: cloudToken },
  { label: '@badgateway/oauth2-client (OAuth2Fetch)', transport: 'fetch', start: badgateway },
  { label: 'simple-oauth2 (ClientCredentials + fetch)', transport: 'fetch', start: simpleOauth2 },
  {
    label: 'openid-client (clientCredentialsGrant + fetchProtectedResource)',
    transport: 'fetch',
    start: openidClient,
  },
  { label: 'axios-auth-refresh', transport: 'axios', start: axiosAuthRefresh },
  {
    label: 'axios-oauth-client + axios-token-interceptor',
    transport: 'axios',
    start: axiosOauthClient,
  },
];
