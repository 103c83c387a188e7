// The published artefact, not the source: pack the package as npm would, install the tarball in
// an empty project outside the workspace, and use it there from ESM, from CommonJS and from tsc.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkgDir = new URL('..', import.meta.url).pathname;
const root = new URL('../../..', import.meta.url).pathname;
const tsc = join(root, 'node_modules', '.bin', 'tsc');
let project = '';

describe('packed @invest/broker-core', () => {
  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), 'invest-pack-'));
    await run('pnpm', ['pack', '--pack-destination', out], { cwd: pkgDir });
    const tarball = (await readdir(out)).find((f) => f.endsWith('.tgz'))!;
    project = await mkdtemp(join(tmpdir(), 'invest-consumer-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
    // --offline: dependencies come from the store the workspace install filled; no network.
    await run('pnpm', ['add', '--offline', '--ignore-workspace', join(out, tarball)], { cwd: project });
  }, 120_000);

  it('imports from ESM, and instanceof holds for an error the package throws', async () => {
    const file = join(project, 'esm.mjs');
    await writeFile(file, `
      import { BrokerError, InvalidOrderError, parseOrderRequest } from '@invest/broker-core';
      try { parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: -1 }); }
      catch (e) { console.log(JSON.stringify({ base: e instanceof BrokerError, sub: e instanceof InvalidOrderError, field: e.field })); }
    `);
    const { stdout } = await run(process.execPath, [file], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ base: true, sub: true, field: 'quantity' });
  });

  it('requires from CommonJS into the same module graph as ESM', async () => {
    const file = join(project, 'cjs.cjs');
    await writeFile(file, `
      const core = require('@invest/broker-core');
      import('@invest/broker-core').then((esm) => {
        let thrown;
        try { esm.parseOrderRequest({}); } catch (e) { thrown = e; }
        console.log(JSON.stringify({ same: esm.BrokerError === core.BrokerError, base: thrown instanceof core.BrokerError, code: thrown.code }));
      });
    `);
    const { stdout } = await run(process.execPath, [file], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ same: true, base: true, code: 'INVALID_ORDER' });
  });

  it('tsc resolves its types', async () => {
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', strict: true, noEmit: true, skipLibCheck: false, types: [] },
      include: ['check.mts'],
    }));
    await writeFile(join(project, 'check.mts'), `
      import { parseOrderRequest, type Order, type OrderRequest, BrokerError } from '@invest/broker-core';
      const req: OrderRequest = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 });
      const id: string = req.clientOrderId;
      const status: Order['status'] = 'filled';
      // @ts-expect-error 'sideways' is not an order side
      const bad: OrderRequest['side'] = 'sideways';
      export const e: BrokerError | undefined = undefined;
      export { id, status, bad };
    `);
    await expect(run(tsc, ['-p', project], { cwd: project })).resolves.toBeDefined();
    await writeFile(join(project, 'check.mts'), `import { NoSuchThing } from '@invest/broker-core'; export { NoSuchThing };`);
    await expect(run(tsc, ['-p', project], { cwd: project })).rejects.toMatchObject({ stdout: expect.stringMatching(/NoSuchThing/) });
  });
});
