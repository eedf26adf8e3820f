/**
 * A kind's behaviour inside the generic {@link Store}, after kube-apiserver's
 * registry/rest.RESTCreateStrategy / RESTUpdateStrategy / RESTDeleteStrategy: the Store writes the
 * object semantics once (uid, resourceVersion, generation, finalizers, conflicts, dry run); a kind
 * only says how it defaults, validates and prepares its objects.
 *
 * Objects handed to a Strategy are fresh copies the Strategy may mutate in place.
 */
import type { FieldError } from '../api/field-error.ts';
import type { KubeObject } from '../api/object.ts';

export interface Strategy {
  /**
   * Kubernetes defaulting (the SetDefaults_* functions): fills omitted fields, e.g. a Pod's
   * restartPolicy "Always". Runs on every create and update body before validation.
   */
  applyDefaults?(obj: KubeObject): void;

  /** Create-time normalisation: e.g. clear status, set initial status.phase. */
  prepareForCreate?(obj: KubeObject): void;
  /** Full validation of a new object (metadata name rules are checked by the Store). */
  validate(obj: KubeObject): FieldError[];

  /** Update-time normalisation: e.g. keep old status on a main-resource update. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Validation of an update, including immutable fields. */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];

  /**
   * True when the kind has a spec whose changes bump metadata.generation (Deployments, Pods…).
   * Kinds without spec (ConfigMap) keep generation unset.
   * @default false
   */
  readonly tracksGeneration?: boolean;

  /** The status subresource's strategy: what an update of `/status` may change. */
  readonly status?: StatusStrategy;
  /** The scale subresource: where replicas and the selector live. */
  readonly scale?: ScaleStrategy;

  /**
   * Extra fields for field selectors beyond metadata.name and metadata.namespace, as
   * kube-apiserver's GetAttrs (pods: spec.nodeName, status.phase, …). Values are strings.
   */
  fieldSet?(obj: KubeObject): Record<string, string>;

  /**
   * Graceful deletion (Pods only in Kubernetes): the grace period to use for this delete, or
   * undefined to delete at once. `requested` is DeleteOptions.gracePeriodSeconds.
   */
  gracePeriodSeconds?(obj: KubeObject, requested: number | undefined): number | undefined;

  /**
   * Whether PUT of an absent object creates it (kube's AllowCreateOnUpdate: true for Services,
   * Endpoints, Nodes, Events, Leases, EndpointSlices, Namespaces' finalize…).
   * @default false
   */
  readonly allowCreateOnUpdate?: boolean;

  /**
   * Whether something other than metadata.finalizers holds the object while it is being deleted
   * (a Namespace's spec.finalizers): the delete then only marks it, as for finalizers.
   */
  deletionPending?(obj: KubeObject): boolean;

  /** Changes made when an object is marked for deletion (a Namespace's status.phase Terminating). */
  prepareForDelete?(obj: KubeObject): void;

  /**
   * The paths of fields the kind's schema does not know ("spec.foo"), for fieldValidation of
   * kinds whose schema is not the built-in one (custom resources); pure, `obj` is not changed.
   */
  unknownFields?(obj: KubeObject): string[];

  /** Finalizers the Store adds at creation (e.g. Namespace's spec.finalizers is separate). */
  readonly defaultFinalizers?: readonly string[];
}

export interface StatusStrategy {
  /** Copy everything but status from old (the default does exactly that). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

export interface ScaleStrategy {
  /** spec.replicas */
  replicas(obj: KubeObject): number;
  setReplicas(obj: KubeObject, replicas: number): void;
  /** status.replicas */
  statusReplicas(obj: KubeObject): number;
  /** The label selector as a string ("app=web"), for Scale.status.selector. */
  selector(obj: KubeObject): string;
}
