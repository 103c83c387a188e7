import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { malformedEnvLine, readEnvFile, withEnvFiles } from './env-files.ts';

describe('.env files', () => {
  it('reads NAME=value lines; a missing file is empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, '.env'), '# keys\nALPACA_API_KEY=PK123\nexport SIM_INITIAL_CASH="5000"\n');
    expect(readEnvFile(join(dir, '.env'))).toEqual({ ALPACA_API_KEY: 'PK123', SIM_INITIAL_CASH: '5000' });
    expect(readEnvFile(join(dir, 'nothing', '.env'))).toEqual({});
  });

  it('a malformed line is a ConfigError naming the file and line, never its text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, '.env'), 'A=1\nSECRET value-here\n');
    expect(() => readEnvFile(join(dir, '.env'))).toThrow(/\.env:2: is not NAME=value/);
    expect(() => readEnvFile(join(dir, '.env'))).not.toThrow(/value-here/);
    expect(malformedEnvLine('A="multi\nline"\nB=2')).toBeUndefined();
  });

  it.runIf(process.platform !== 'win32')('a .env that is a FIFO or a directory is refused at once, never read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    execFileSync('mkfifo', [join(dir, '.env')]);
    expect(() => readEnvFile(join(dir, '.env'))).toThrow(ConfigError);
    expect(() => readEnvFile(join(dir, '.env'))).toThrow(/is not a regular file/);
    const other = mkdtempSync(join(tmpdir(), 'env-'));
    mkdirSync(join(other, '.env'));
    expect(() => readEnvFile(join(other, '.env'))).toThrow(/is not a regular file/);
  });

  it('the process environment wins over ./.env, which wins over the home .env', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'env-cwd-'));
    const home = mkdtempSync(join(tmpdir(), 'env-home-'));
    writeFileSync(join(cwd, '.env'), 'A=cwd\nB=cwd\n');
    writeFileSync(join(home, '.env'), 'A=home\nB=home\nC=home\n');
    const env = withEnvFiles({ INVEST_HOME: home, A: 'shell' }, cwd);
    expect([env.A, env.B, env.C]).toEqual(['shell', 'cwd', 'home']);
  });
});
