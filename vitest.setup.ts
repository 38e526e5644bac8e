import { beforeEach } from 'vitest';
import { resetDefaultTokenStore } from './packages/core/src/token-source/memory-token-store.js';

// Each test stands for a fresh process: the process-wide default token store
// (tokens and guard state per credential) starts empty, so one test's token,
// rejection or cooldown never reaches the next test using the same credentials.
beforeEach(() => {
  resetDefaultTokenStore();
});
