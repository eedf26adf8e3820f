/**
 * Content negotiation, after apiserver's endpoints/handlers/negotiation: the Accept header picks
 * the media type and, through its `as`/`g`/`v` parameters, a transformation of the object
 * (Table for server-side printing, PartialObjectMetadata, aggregated discovery). Entries are
 * tried in the order given (Go clients list their preference first; q-values are not used).
 */
import { notAcceptable } from '../api/status.ts';

export interface MediaType {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

export type OutputEncoding = 'json' | 'yaml' | 'protobuf';

export interface Negotiated {
  readonly encoding: OutputEncoding;
  /** The `as=` transformation requested, e.g. "Table", "PartialObjectMetadata", "APIGroupDiscoveryList". */
  readonly as?: string;
  readonly group?: string;
  readonly version?: string;
  /** The exact Content-Type to answer with. */
  readonly contentType: string;
}

export function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [];
  const out: MediaType[] = [];
  for (const entry of header.split(',')) {
    const [type, ...paramParts] = entry.split(';').map((s) => s.trim());
    if (!type) continue;
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    out.push({ type: type.toLowerCase(), params });
  }
  return out;
}

export const JSON_TYPE = 'application/json';
export const YAML_TYPE = 'application/yaml';
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

export interface NegotiateOptions {
  /** Transformations this endpoint can produce, as `as` values (e.g. ["Table", "PartialObjectMetadata"]). */
  readonly transforms?: readonly { as: string; group: string; versions: readonly string[] }[];
  /** Whether protobuf output is possible for this response. */
  readonly protobuf?: boolean;
}

/** Picks the first acceptable entry; throws 406 NotAcceptable when none is. */
export function negotiate(accept: string | undefined, options: NegotiateOptions = {}): Negotiated {
  const entries = parseMediaTypes(accept);
  if (entries.length === 0) return { encoding: 'json', contentType: JSON_TYPE };
  for (const m of entries) {
    const as = m.params.as;
    if (as) {
      const t = options.transforms?.find((x) => x.as === as && x.group === (m.params.g ?? '') && x.versions.includes(m.params.v ?? ''));
      if (!t) continue;
      if (m.type !== JSON_TYPE && !(m.type === PROTOBUF_TYPE && options.protobuf)) continue;
      const encoding: OutputEncoding = m.type === JSON_TYPE ? 'json' : 'protobuf';
      return { encoding, as, group: m.params.g, version: m.params.v, contentType: `${m.type};as=${as};v=${m.params.v};g=${m.params.g}` };
    }
    if (m.type === JSON_TYPE || m.type === '*/*' || m.type === 'application/*') return { encoding: 'json', contentType: JSON_TYPE };
    if (m.type === YAML_TYPE) return { encoding: 'yaml', contentType: YAML_TYPE };
    if (m.type === PROTOBUF_TYPE && options.protobuf) return { encoding: 'protobuf', contentType: PROTOBUF_TYPE };
  }
  throw notAcceptable(`only the following media types are accepted: ${[JSON_TYPE, YAML_TYPE, ...(options.protobuf ? [PROTOBUF_TYPE] : [])].join(', ')}`);
}
