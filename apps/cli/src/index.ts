export { EXIT, exitCodeFor } from './exit-codes.ts';
export type { ExitCode } from './exit-codes.ts';
export { buildProgram, run } from './program.ts';
export { BUILTIN_PLUGINS } from './runtime/builtins.ts';
