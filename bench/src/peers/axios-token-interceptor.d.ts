// axios-token-interceptor ships no types: the two calls the cross-library suite makes.
declare module 'axios-token-interceptor' {
  import type { InternalAxiosRequestConfig } from 'axios';

  interface TokenInterceptorOptions<Token> {
    getToken(): Promise<Token>;
    headerFormatter?(token: Token): string;
  }
  interface TokenInterceptor {
    <Token>(
      options: TokenInterceptorOptions<Token>,
    ): (config: InternalAxiosRequestConfig) => Promise<InternalAxiosRequestConfig>;
    tokenCache<Token>(
      getToken: () => Promise<Token>,
      options: { getMaxAge(token: Token): number },
    ): () => Promise<Token>;
  }
  const tokenInterceptor: TokenInterceptor;
  export default tokenInterceptor;
}
