/**
 * Which pods a Job expects to see lose their tracking finalizer, after kube-controller-manager's
 * uidTrackingExpectations (pkg/controller/job/tracking_utils.go). Until the informer shows a
 * pod without the finalizer (or gone), the Job does not count that pod again, even though its
 * cached copy still carries the finalizer.
 */
export class FinalizerExpectations {
  private readonly byJob = new Map<string, Set<string>>();

  expectFinalizersRemoved(jobKey: string, uids: readonly string[]): void {
    const set = this.byJob.get(jobKey) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.byJob.set(jobKey, set);
  }

  finalizerRemovalObserved(jobKey: string, uid: string): void {
    this.byJob.get(jobKey)?.delete(uid);
  }

  expectedUids(jobKey: string): ReadonlySet<string> {
    return new Set(this.byJob.get(jobKey) ?? []);
  }

  deleteExpectations(jobKey: string): void {
    this.byJob.delete(jobKey);
  }
}
