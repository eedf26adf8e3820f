/**
 * The runtime guard on CEL evaluation. Kubernetes bounds every expression by a cost (cel-go's
 * tracker counts each operation: PerCallLimit = 1,000,000 per expression, RuntimeCELCostBudget =
 * 10,000,000 per custom resource, k8s.io/apiserver/pkg/apis/cel/config.go). cel-js has no cost
 * tracker, so ekslite counts what can make evaluation long: the iterations of comprehensions
 * (all, exists, exists_one, map, filter — charged with the size of their range when they start,
 * so nested comprehensions are charged per outer iteration) and the elements the list and set
 * library functions walk. Every iteration costs at least one unit in kube, so this count is a
 * lower bound of kube's cost: an object ekslite rejects for cost, kube rejects too; kube may
 * reject more.
 *
 * The static cost estimate kube checks when a CRD is written (StaticEstimatedCostLimit) is not
 * computed: CRDs whose rules kube would refuse as too expensive are accepted, and are bounded at
 * evaluation by this budget instead.
 */

/** kube's cost limit of one expression evaluation (celconfig.PerCallLimit). */
export const PER_CALL_LIMIT = 1_000_000;
/** kube's cost budget of all the rules of one custom resource (celconfig.RuntimeCELCostBudget). */
export const RUNTIME_COST_BUDGET = 10_000_000;

/** Thrown out of an evaluation whose per-call limit ran out (cel-go: "actual cost limit exceeded"). */
export class CostLimitExceeded extends Error {
  override name = 'CostLimitExceeded';
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

/** What one evaluation may spend; {@link CostMeter.exceeded} stays set once the limit is crossed. */
export class CostMeter {
  #spent = 0;
  #exceeded = false;
  constructor(readonly limit: number = PER_CALL_LIMIT) {}

  get spent(): number { return this.#spent; }
  /**
   * Whether the limit was crossed. Checked after evaluation as well as caught: CEL's `||`, `&&`
   * and quantifiers absorb an error when another operand decides the result, but an exhausted
   * budget must still fail the rule.
   */
  get exceeded(): boolean { return this.#exceeded; }

  charge(units: number): void {
    this.#spent += units;
    if (this.#spent > this.limit) {
      this.#exceeded = true;
      throw new CostLimitExceeded();
    }
  }
}

let active: CostMeter | undefined;

/** Runs `evaluate` with `meter` charged by the comprehensions and library calls it makes. */
export function metered<T>(meter: CostMeter, evaluate: () => T): T {
  const previous = active;
  active = meter;
  try {
    return evaluate();
  } finally {
    active = previous;
  }
}

/** Charges the evaluation in progress (outside one, a no-op: library functions run in tests). */
export function chargeCost(units: number): void {
  active?.charge(units);
}

/** The number of elements a comprehension or library function walks in `collection`. */
export function sizeOf(collection: unknown): number {
  if (Array.isArray(collection)) return collection.length;
  if (collection instanceof Map || collection instanceof Set) return collection.size;
  if (typeof collection === 'object' && collection !== null) return Object.keys(collection).length;
  if (typeof collection === 'string') return collection.length;
  return 1;
}
