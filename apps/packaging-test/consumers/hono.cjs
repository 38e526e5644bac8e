const adapter = require('@cloud-token/hono');
const emulatorModule = require('@cloud-token/emulator');
const { serve } = require('@hono/node-server');
const { Hono } = require('hono');
const { exerciseHono } = require('./scenarios/hono.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseHono({ resolve: require.resolve, adapter, Hono, serve, emulatorModule }));
