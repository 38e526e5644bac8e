/*
 * `@cloud-token/core/testing`: the kits. Conformance suites that a server
 * adapter or a token store runs under vitest (ours and a third party's), and
 * the test helpers they and every package of this repository share. For
 * tests only; applications never import it.
 */

export { createFakeClock, type FakeClock } from './fake-clock.js';
export { type LoopbackServer, listenOnLoopback } from './listen-on-loopback.js';
export { type ConformanceCall, readConformanceCall } from './read-conformance-call.js';
export {
  createRecordingStore,
  type MisbehaviourMode,
  type RecordingStore,
  type RecordingStoreOptions,
  type StoreMethod,
} from './recording-store.js';
export {
  type RecordingUpstream,
  startRecordingUpstream,
  type UpstreamRequest,
} from './recording-upstream.js';
export { type RawAnswer, type RawRequest, sendRawRequest } from './send-raw-request.js';
export {
  type ConformanceMountSetup,
  type MountedApp,
  runServerAdapterConformance,
  type ServerAdapterConformanceOptions,
} from './server-adapter-conformance.js';
export type { Assertion, TestApi } from './test-api.js';
export { invalidOptionOf, thrownBy } from './thrown-by.js';
export {
  runTokenStoreConformance,
  type StoreAtRest,
  type StoreFaults,
  type TokenStoreConformanceOptions,
} from './token-store-conformance.js';
export { type AppsPerTest, useAppsPerTest } from './use-apps-per-test.js';
