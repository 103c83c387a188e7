import { confirm, input, number, password, select } from '@inquirer/prompts';
import { ConfigError, InvalidOrderError, type BrokerPlugin, type CredentialField } from '@invest/broker-core';
import { availableStores, EncryptedFileStore, KeyringStore, type CredentialStore } from '@invest/auth';
import type { CliContext } from '../runtime/context.ts';
import { editConfigFile } from '../runtime/config-file.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

export function requireTerminal(command: string): void {
  if (!process.stdin.isTTY) throw new InvalidOrderError(`Invalid use: ${command} asks questions: run it in a terminal`, { field: 'stdin', outcome: 'denied' });
}

/** Config keys the plugin needs that have no default (asked for by `add`). */
function requiredSettings(plugin: BrokerPlugin<unknown>): string[] {
  const result = plugin.configSchema.safeParse({});
  if (result.success) return [];
  const secretKeys = new Set(plugin.credentials.map((c) => c.key));
  return [...new Set(result.error.issues.filter((i) => i.path.length === 1 && i.input === undefined).map((i) => String(i.path[0])))].filter((k) => !secretKeys.has(k));
}

export async function chooseStore(ctx: CliContext, preferred?: string): Promise<{ store: CredentialStore; kind: string }> {
  // Only stores that work here are offered: the keyring is probed once (module + backend).
  const keyring = preferred ? undefined : (await availableStores()).find((s) => s.kind === 'keyring');
  const kind = preferred ?? (await select({
    message: 'Where should the credentials be stored?',
    choices: [
      keyring?.available
        ? { name: 'OS keyring (recommended)', value: 'keyring' }
        : { name: 'OS keyring', value: 'keyring', disabled: `(not available here: ${keyring?.reason ?? 'no keyring'})` },
      { name: `Encrypted file (${ctx.home}/credentials.enc)`, value: 'file' },
    ],
  }));
  if (kind === 'keyring') return { store: new KeyringStore({}), kind };
  if (kind !== 'file') throw new InvalidOrderError(`Invalid use: --store: must be keyring or file, got "${kind}"`, { field: 'store', outcome: 'denied' });
  const passphrase = ctx.env.INVEST_PASSPHRASE ?? (await password({ message: 'Passphrase for the encrypted file', mask: '*' }));
  if (!passphrase) throw new ConfigError('A passphrase is required for the encrypted file', { path: 'passphrase' });
  return { store: await EncryptedFileStore.open({ path: `${ctx.home}/credentials.enc`, passphrase, ...ctx.credentialFileOptions() }), kind };
}

async function askCredentials(fields: readonly CredentialField[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const ask = field.secret ? password({ message: field.label, mask: '*' }) : input({ message: field.label });
    const value = await ask;
    if (value) values[field.key] = value;
    else if (field.required) throw new ConfigError(`${field.label} is required`, { path: field.key });
  }
  return values;
}

/** `invest add`: asks for a name, a type and what that type's plugin needs, then writes the config. */
export async function addCommand(ctx: CliContext): Promise<ExitCode> {
  requireTerminal('invest add');
  const registry = await ctx.registry();
  const doc = await ctx.readConfigDocument().catch(() => ({ brokers: {} }));
  const existing = Object.keys((doc.brokers ?? {}));
  const name = await input({
    message: 'Name for this account',
    validate: (v) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v) ? (existing.includes(v) ? `"${v}" already exists` : true) : 'letters, digits, _ . - (up to 64)'),
  });
  const type = await select({ message: 'Broker type', choices: registry.list().map((p) => ({ name: `${p.displayName} (${p.type})`, value: p.type })) });
  const plugin = registry.get(type);
  const paper = await confirm({ message: 'Paper / sandbox trading?', default: true });
  // Any fraction: the original's weights were 0.5 and the like (its `weight=0.5` example).
  const weight = await number({ message: 'Weight in distributed orders', default: 1, min: 0, step: 'any' });
  const entry: Record<string, unknown> = { type, paper_trading: paper, weight: weight ?? 1 };
  for (const key of requiredSettings(plugin)) entry[key] = await input({ message: key });
  const credentials = plugin.credentials.length > 0 ? await askCredentials(plugin.credentials) : {};
  if (Object.keys(credentials).length > 0) {
    const { store, kind } = await chooseStore(ctx);
    for (const [key, value] of Object.entries(credentials)) await store.set(name, key, value);
    ctx.out.line(`Stored ${Object.keys(credentials).join(', ')} in the ${kind} store.`);
  }
  await editConfigFile(ctx.paths.config, (current) => {
    const brokers = { ...((current.brokers ?? {}) as Record<string, unknown>) };
    if (brokers[name]) throw new ConfigError(`A broker named "${name}" was added meanwhile`, { path: `brokers.${name}` });
    brokers[name] = entry;
    return { ...current, brokers, ...(current.default_broker ? {} : { default_broker: name }) };
  });
  ctx.out.line(`Added ${name} (${type}, ${paper ? 'paper' : 'LIVE'}). Check it with: invest test ${name}`);
  return EXIT.OK;
}

/** `invest set-creds NAME`: asks for the broker's credentials (secrets masked) and stores them. */
export async function setCredsCommand(ctx: CliContext, name: string, o: { store?: string }): Promise<ExitCode> {
  requireTerminal('invest set-creds');
  const { config, registry } = await ctx.config([name]);
  const entry = config.brokers.find((b) => b.name === name)!;
  const plugin = registry.get(entry.type);
  if (plugin.credentials.length === 0) {
    ctx.out.line(`${name} (${entry.type}) needs no credentials.`);
    return EXIT.OK;
  }
  const values = await askCredentials(plugin.credentials);
  const { store, kind } = await chooseStore(ctx, o.store);
  for (const [key, value] of Object.entries(values)) await store.set(name, key, value);
  ctx.out.line(`Stored ${Object.keys(values).join(', ')} for ${name} in the ${kind} store.`);
  return EXIT.OK;
}
