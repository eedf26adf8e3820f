/**
 * Label maps and LabelSelectors as kube's printers render them (k8s.io/apimachinery labels.Set
 * String, metav1.LabelSelectorAsSelector + Selector.String, metav1.FormatLabelSelector).
 */
import { arr, obj, str } from './value.ts';

/** labels.FormatLabels: "k1=v1,k2=v2" sorted by key; "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  const map = obj(labels);
  const keys = Object.keys(map).sort();
  if (keys.length === 0) return '<none>';
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += `${keys[i]}=${str(map[keys[i]])}`;
  }
  return out;
}

const OPERATORS: Readonly<Record<string, { readonly text: string; readonly values: 'none' | 'some' }>> = {
  In: { text: ' in ', values: 'some' },
  NotIn: { text: ' notin ', values: 'some' },
  Exists: { text: '', values: 'none' },
  DoesNotExist: { text: '', values: 'none' },
};

/**
 * A metav1.LabelSelector as Selector.String(): requirements sorted by key, matchLabels as "k=v",
 * expressions as "k in (a,b)", "k notin (a)", "k", "!k" with sorted values. "" for a nil or empty
 * selector (Nothing / Everything). Undefined when LabelSelectorAsSelector would fail: an unknown
 * operator, or a value count the operator forbids. (Key and value syntax are not rechecked here:
 * validation rejected bad ones at write time.)
 */
export function selectorString(selector: unknown): string | undefined {
  const sel = obj(selector);
  const requirements: { key: string; text: string }[] = [];
  const matchLabels = obj(sel.matchLabels);
  for (const key of Object.keys(matchLabels)) requirements.push({ key, text: `${key}=${str(matchLabels[key])}` });
  for (const e of arr(sel.matchExpressions)) {
    const expr = obj(e);
    const key = str(expr.key);
    const op = OPERATORS[str(expr.operator)];
    if (!op) return undefined;
    const values = arr(expr.values).map(str);
    if ((op.values === 'some') !== (values.length > 0)) return undefined;
    const text = str(expr.operator) === 'DoesNotExist' ? `!${key}`
      : op.values === 'none' ? key
        : `${key}${op.text}(${values.sort().join(',')})`;
    requirements.push({ key, text });
  }
  // Selector.Add sorts by key; the sort is stable here, which Go's is not, for equal keys.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(selector: unknown): string {
  const s = selectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}
