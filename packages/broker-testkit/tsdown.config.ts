import { libraryBuild } from '../../tsdown.shared.ts';

// Two entries: the conformance suite, and the msw network helpers (`./network`) kept apart so the
// suite does not need msw.
export default libraryBuild({ entry: { index: 'src/index.ts', network: 'src/network/index.ts' } });
