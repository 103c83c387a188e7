import { investProject } from '../../vitest.shared.ts';

export default investProject(import.meta.dirname);
