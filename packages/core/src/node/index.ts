export { type ClientDisconnectWatch, watchClientDisconnect } from './client-disconnect.js';
export { createRequestForwarder, type RequestForwarder } from './forward-request.js';
export {
  DEFAULT_MAX_BUFFERED_BODY_BYTES,
  type ProxyOptions,
  type ProxySettings,
} from './proxy-options.js';
