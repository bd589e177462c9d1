#!/usr/bin/env node
// Launcher for `npx hotline ...`: registers tsx so the TypeScript CLI runs
// as-is (no build step), then hands over to src/cli/hotline.ts, which sets
// the exit code.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/hotline.ts');
