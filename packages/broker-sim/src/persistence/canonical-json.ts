/**
 * JSON with a single spelling for a value: object keys sorted at every depth, `undefined` members
 * left out, exact amounts already turned into strings by the caller. The same state therefore
 * always serialises to the same bytes, which is what makes a state file reproducible from a seed
 * and its inputs.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, '$');
  return out.join('');
}

function write(value: unknown, out: string[], path: string): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${path} is ${value}, which JSON cannot hold`);
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      write(value[i] === undefined ? null : value[i], out, `${path}[${i}]`);
    }
    out.push(']');
    return;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) {
    // Decimal and friends define toJSON; anything else with a prototype is a mistake.
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json !== 'function') throw new TypeError(`canonicalJson: ${path} is a ${proto?.constructor?.name ?? 'object'}`);
    write(json.call(value), out, path);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(record[key], out, `${path}.${key}`);
  }
  out.push('}');
}
