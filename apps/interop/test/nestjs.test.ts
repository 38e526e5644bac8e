import 'reflect-metadata';
import { CloudTokenModule, CloudTokenService } from '@cloud-token/nestjs';
import { NestFactory } from '@nestjs/core';
import { describeAdapterInterop } from './support/describe-adapter-interop.js';

describeAdapterInterop('@cloud-token/nestjs', async ({ credentials, apiUrl }) => {
  const app = await NestFactory.createApplicationContext(
    CloudTokenModule.forRoot({ ...credentials, baseUrl: apiUrl }),
    { logger: false },
  );
  const cloud = app.get(CloudTokenService);
  return {
    async call(path, init = {}) {
      try {
        const response = await cloud.fetch(path, init);
        return { status: response.status, answer: response.ok ? await response.json() : undefined };
      } catch (error) {
        return { error };
      }
    },
    close: () => app.close(),
  };
});
