/**
 * Resource vectors as kube-scheduler keeps them (framework/types.go Resource): CPU in
 * millicores, memory and ephemeral storage in bytes, the pod count, and scalar resources
 * (extended resources such as nvidia.com/gpu, hugepages-*) by name. Values are JS numbers: exact
 * up to 2^53, far above any node's bytes.
 */
import { parseQuantity } from '../../api/quantity.ts';
import type { Container, Pod, ResourceList } from '../api-types.ts';

/** schedutil.DefaultMilliCPURequest: what a container without a CPU request counts for in scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB, likewise. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Allocated lazily: most pods request none. */
  scalar: Map<string, number> | undefined = undefined;

  /** Resource.Add of a ResourceList. */
  addList(rl: ResourceList | undefined): void {
    if (!rl) return;
    for (const name in rl) this.addNamed(name, rl[name]);
  }

  addNamed(name: string, quantity: string): void {
    switch (name) {
      case 'cpu': this.milliCPU += milliValue(quantity); break;
      case 'memory': this.memory += value(quantity); break;
      case 'ephemeral-storage': this.ephemeralStorage += value(quantity); break;
      case 'pods': this.allowedPodNumber += value(quantity); break;
      default: if (isScalarResourceName(name)) this.addScalar(name, value(quantity));
    }
  }

  addScalar(name: string, v: number): void {
    if (!this.scalar) this.scalar = new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + v);
  }

  /** Adds (sign 1) or subtracts (sign -1) another vector. */
  addResource(r: Resource, sign: 1 | -1): void {
    this.milliCPU += sign * r.milliCPU;
    this.memory += sign * r.memory;
    this.ephemeralStorage += sign * r.ephemeralStorage;
    this.allowedPodNumber += sign * r.allowedPodNumber;
    if (r.scalar) for (const [k, v] of r.scalar) this.addScalar(k, sign * v);
  }

  /** Resource.SetMaxResource against another vector. */
  maxWith(r: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, r.milliCPU);
    this.memory = Math.max(this.memory, r.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, r.ephemeralStorage);
    if (r.scalar) for (const [k, v] of r.scalar) {
      if (!this.scalar) this.scalar = new Map();
      this.scalar.set(k, Math.max(this.scalar.get(k) ?? 0, v));
    }
  }

  isZero(): boolean {
    return this.milliCPU === 0 && this.memory === 0 && this.ephemeralStorage === 0 && (!this.scalar || this.scalar.size === 0);
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU; r.memory = this.memory; r.ephemeralStorage = this.ephemeralStorage; r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }

  static of(rl: ResourceList | undefined): Resource {
    const r = new Resource();
    r.addList(rl);
    return r;
  }
}

/**
 * v1helper.IsScalarResourceName: extended resources (a domain-prefixed name), prefixed native
 * resources, hugepages-* and attachable-volumes-*.
 */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

// Quantities repeat endlessly across pods ("100m", "128Mi"): parse each distinct string once.
const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();
const CACHE_LIMIT = 4096;

/** Quantity.MilliValue as a number; an unparsable quantity counts as 0 (the API server rejects them). */
export function milliValue(q: string): number {
  let v = milliCache.get(q);
  if (v === undefined) {
    try { v = Number(parseQuantity(q).milliValue()); } catch { v = 0; }
    if (milliCache.size < CACHE_LIMIT) milliCache.set(q, v);
  }
  return v;
}

/** Quantity.Value (rounded up) as a number. */
export function value(q: string): number {
  let v = valueCache.get(q);
  if (v === undefined) {
    try { v = Number(parseQuantity(q).value()); } catch { v = 0; }
    if (valueCache.size < CACHE_LIMIT) valueCache.set(q, v);
  }
  return v;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = Resource.of(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (!req || req.cpu === undefined) r.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req.memory === undefined) r.memory += DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * The pod's effective requests, as resourcehelper.PodRequests: the sum of the containers, then
 * the max with each init container (init containers run one at a time, but sidecars — init
 * containers with restartPolicy Always — keep running, so they add to the sum and to every later
 * init container), plus the pod overhead. With `nonZero`, a container missing a CPU or memory
 * request counts for 100m / 200Mi (the NonMissingContainerRequests kube-scheduler scores with).
 */
export function podRequests(pod: Pod, options: { nonZero: boolean } = { nonZero: false }): Resource {
  const reqs = new Resource();
  for (const c of pod.spec.containers ?? []) reqs.addResource(containerRequests(c, options.nonZero), 1);
  const init = pod.spec.initContainers;
  if (init && init.length > 0) {
    const sidecars = new Resource();
    const initMax = new Resource();
    for (const c of init) {
      const cr = containerRequests(c, options.nonZero);
      if (c.restartPolicy === 'Always') {
        reqs.addResource(cr, 1);
        sidecars.addResource(cr, 1);
        initMax.maxWith(sidecars);
      } else {
        cr.addResource(sidecars, 1);
        initMax.maxWith(cr);
      }
    }
    reqs.maxWith(initMax);
  }
  if (pod.spec.overhead) reqs.addList(pod.spec.overhead);
  return reqs;
}
