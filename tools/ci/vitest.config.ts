import { investProject } from '../../vitest.shared.ts';

export default investProject(import.meta.dirname, { include: ['test/**/*.test.ts'], testTimeout: 600_000, fileParallelism: false });
