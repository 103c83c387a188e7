import { resolve } from 'node:path';
import { investProject } from '../../vitest.shared.ts';

const config = investProject(import.meta.dirname);
// Besides the shared setup, every test runs behind the socket guard (test/network-guard.test.ts).
config.test!.setupFiles = [...(config.test!.setupFiles as string[]), resolve(import.meta.dirname, 'test/fake/guard-setup.ts')];

export default config;
