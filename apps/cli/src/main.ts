#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Node keeps the compiled code of the CLI's chunks on disk (in the OS temp directory), so later
// starts skip most of the compiling: a command line is started often and briefly.
enableCompileCache?.();
const { run } = await import('./program.ts');
process.exitCode = await run(process.argv);
