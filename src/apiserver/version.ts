/**
 * What `/version` reports. The minor version matters beyond display: the kubectl dispatcher picks
 * the kubectl binary by it (kubectl-surface.md §0), so ekslite reports the Kubernetes version whose
 * API it serves.
 */
export const KUBERNETES_VERSION = { major: '1', minor: '32', patch: '0' } as const;

export function versionInfo() {
  const { major, minor, patch } = KUBERNETES_VERSION;
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.${patch}-eks-ekslite`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
