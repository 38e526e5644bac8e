import { listenOnLoopback } from '@cloud-token/core/testing';
import { startEmulator } from '@cloud-token/emulator';
import { emulatorCredentials } from '@cloud-token/emulator/testing';
import { cloudToken, getCloudToken } from '@cloud-token/express';
import type {} from '@cloud-token/express/env';
import express from 'express';
import { expect, it } from 'vitest';

it('exposes the accessor as a typed req.cloudToken with @cloud-token/express/env', async () => {
  const emulator = await startEmulator();
  const middleware = cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl });
  const app = express();
  app.get('/without', (req, res) => {
    res.json({ present: req.cloudToken !== undefined });
  });
  app.get('/with', middleware, async (req, res, next) => {
    try {
      const accessor = req.cloudToken;
      if (accessor === undefined) throw new Error('req.cloudToken is missing');
      const answer = await accessor.fetch('words/env');
      res.json({ same: accessor === getCloudToken(req), status: answer.status });
    } catch (error) {
      next(error);
    }
  });
  const running = await listenOnLoopback(app);
  try {
    expect(await (await fetch(`${running.url}/without`)).json()).toEqual({ present: false });
    expect(await (await fetch(`${running.url}/with`)).json()).toEqual({ same: true, status: 200 });
  } finally {
    middleware.close();
    await running.close();
    await emulator.close();
  }
});
