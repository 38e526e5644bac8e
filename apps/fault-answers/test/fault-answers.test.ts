import { readFile, writeFile } from 'node:fs/promises';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { expressProxy, expressRoute } from '../src/express-paths.js';
import { tableInDoc, withTable } from '../src/fault-answers-doc.js';
import { formatFaultTable, measureFaultTable } from '../src/fault-table.js';
import { faults } from '../src/faults.js';
import { koaProxy, koaRoute } from '../src/koa-paths.js';
import { nestFetch, nestHttpService } from '../src/nest-paths.js';

const doc = new URL('../../../docs/fault-answers.md', import.meta.url);
const paths = [expressRoute, koaRoute, expressProxy, koaProxy, nestFetch, nestHttpService];

const cloud = useEmulator({ beforeAll, beforeEach, afterAll });

it('answers every fault alike through every path, as docs/fault-answers.md shows', async () => {
  const rows = await measureFaultTable(cloud.emulator, paths, faults);
  const table = formatFaultTable(paths, rows);
  const written = await readFile(doc, 'utf8');
  if (process.env.UPDATE_FAULT_TABLE === '1') await writeFile(doc, withTable(written, table));

  for (const { fault, answers } of rows) {
    const byPath = paths.map((path, index) => `${path.name}: ${answers[index]}`).join('; ');
    expect(new Set(answers).size, `${fault} is answered differently: ${byPath}`).toBe(1);
  }
  // Stale? Run `UPDATE_FAULT_TABLE=1 npx vitest run` in apps/fault-answers, and commit the doc.
  expect(tableInDoc(await readFile(doc, 'utf8'))).toBe(table);
});
