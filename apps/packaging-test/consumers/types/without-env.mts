// Without @cloud-token/express/env, Express's Request has no `cloudToken`:
// the typing is opt-in, so the other type tests prove that the env entry works.
import { cloudToken, getCloudToken } from '@cloud-token/express';
import express from 'express';

const app = express();
app.use(
  cloudToken({
    tokenUrl: 'https://id.example.com/connect/token',
    clientId: 'id',
    clientSecret: 's',
  }),
);
app.get('/', (req, res) => {
  // @ts-expect-error `req.cloudToken` is typed only for projects that opt in with @cloud-token/express/env
  res.json({ mounted: req.cloudToken !== undefined && getCloudToken(req) !== undefined });
});
