import { libraryBuild } from '../../tsdown.shared.ts';

export default libraryBuild({
  entry: ['src/index.ts', 'src/main.ts'],
  // The CLI is an application: bundling its dependencies into a few chunks makes it start in a
  // fraction of the time resolving ~100 modules takes (docs/decisions/004). Commands still load
  // lazily, one chunk each; the optional native keyring modules stay external, and so does the
  // dashboard, which serves its built page from its own package folder.
  noExternal: [/^(?!@invest\/dashboard$)/],
  external: ['keytar', '@github/keytar', '@napi-rs/keyring', '@invest/dashboard'],
});
