import express from 'express';
import express4 from 'express4';

/** Both supported Express majors, for `describe.each`. */
export const expressVersions = [
  ['Express 5', express],
  ['Express 4', express4],
] as const;
