/**
 * Version priority of CRD versions, after k8s.io/apimachinery/pkg/version
 * CompareKubeAwareVersionStrings: "vN" (GA) before "vNbetaM" before "vNalphaM", higher numbers
 * first within each; strings not of that shape come after all of them, in alphabetical order.
 * apiextensions-apiserver orders a CRD's versions in discovery this way (the first is preferred).
 */
const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function parse(v: string): { major: number; stability: number; minor: number } | undefined {
  const m = KUBE_VERSION.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), stability: m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, minor: m[3] === undefined ? 0 : Number(m[3]) };
}

/** Negative when `a` has the higher priority (sorts first). */
export function compareKubeAwareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    if (pa.stability !== pb.stability) return pb.stability - pa.stability;
    if (pa.major !== pb.major) return pb.major - pa.major;
    return pb.minor - pa.minor;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
