/**
 * Taint toleration, as k8s.io/api/core/v1 Toleration.ToleratesTaint and the taint eviction
 * controller's getMatchingTolerations / getMinTolerationTime.
 */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

export interface TaintLike {
  key: string;
  value?: string;
  effect: string;
}

/** An empty effect or key matches any; Exists ignores the value; Equal (the default) compares it. */
export function toleratesTaint(t: Toleration, taint: TaintLike): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists': return true;
    case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    default: return false;
  }
}

/** Whether every taint is tolerated, and the tolerations used (the first matching one per taint). */
export function matchingTolerations(taints: readonly TaintLike[], tolerations: readonly Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/**
 * as getMinTolerationTime: the shortest tolerationSeconds among the tolerations used, in seconds;
 * 0 when one is zero or negative; -1 (never) when none sets it.
 */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = -1;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (min === -1 || t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min;
}
