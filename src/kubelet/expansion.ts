/**
 * `$(VAR)` expansion of env values, command and args, exactly as Kubernetes'
 * third_party/forked/golang/expansion: `$(NAME)` is replaced when NAME is defined and left as
 * written when not; `$$` is an escaped `$`; an unterminated `$(` is kept as is.
 */

/** Expands `input` with `lookup`; undefined from lookup keeps the reference as written. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') {
      out += '$';
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close >= 0) {
        const name = rest.slice(1, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close + 1;
      } else {
        out += '$(';
      }
    } else {
      out += `$${rest[0]}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Lookup over several maps, first hit wins (kubelet's MappingFuncFor). */
export function lookupIn(...maps: readonly ReadonlyMap<string, string>[]): (name: string) => string | undefined {
  return (name) => {
    for (const m of maps) { const v = m.get(name); if (v !== undefined) return v; }
    return undefined;
  };
}
