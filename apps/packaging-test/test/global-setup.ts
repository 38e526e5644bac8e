import type { TestProject } from 'vitest/node';
import { createConsumerProject } from './support/consumer-project.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The consumer project, with every packed package in its `node_modules`. */
    consumerDir: string;
  }
}

/** Packs and installs the packages once for every test file; removes it all afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const consumer = await createConsumerProject();
  project.provide('consumerDir', consumer.dir);
  return consumer.remove;
}
