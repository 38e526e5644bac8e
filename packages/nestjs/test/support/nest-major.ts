import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The NestJS major this vitest project runs against (see vitest.config.ts). */
    nestMajor: 11 | 12;
  }
}

/** `NestJS 11` or `NestJS 12`, for test titles. */
export const nestVersion = `NestJS ${inject('nestMajor')}`;
