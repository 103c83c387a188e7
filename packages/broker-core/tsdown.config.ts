import { libraryBuild } from '../../tsdown.shared.ts';

// Two entries: the core API, and the state database (`./state`, node:sqlite) kept apart from it.
export default libraryBuild({ entry: { index: 'src/index.ts', state: 'src/state/index.ts' } });
