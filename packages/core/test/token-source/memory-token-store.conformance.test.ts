import { memoryTokenStore } from '@cloud-token/core';
import { runTokenStoreConformance } from '@cloud-token/core/testing';
import * as vitest from 'vitest';

// One memory store is one process's backend: every handle is the same object.
const store = memoryTokenStore();
runTokenStoreConformance(vitest, { name: 'memoryTokenStore', createStore: () => store });
