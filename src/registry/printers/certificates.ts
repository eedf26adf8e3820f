/** certificates.k8s.io/v1 CertificateSigningRequests as kube-apiserver v1.32 prints them. */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import { humanDuration } from './human-duration.ts';
import type { Printer } from './table.ts';
import { arr, obj, optNum, str } from './value.ts';

/** The CONDITION cell: Denied, else Approved, else Pending; then ",Failed" and ",Issued" as they apply. */
export function csrCondition(csr: KubeObject): string {
  const status = obj(csr.status);
  const types = new Set(arr(status.conditions).map((c) => obj(c).type));
  let text = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) text += ',Failed';
  if (str(status.certificate) !== '') text += ',Issued';
  return text;
}

export const certificateSigningRequestPrinter: Printer = {
  columns: [
    NAME,
    AGE,
    column('SignerName', 'string', 'The signer asked to sign the request.'),
    column('Requestor', 'string', 'The user who created the request.'),
    column('RequestedDuration', 'string', 'Certificate validity the requestor asked for.'),
    column('Condition', 'string', 'Approval and issuance state of the request.'),
  ],
  row(csr, now) {
    const spec = obj(csr.spec);
    const seconds = optNum(spec.expirationSeconds);
    return [
      nameOf(csr), age(csr, now), str(spec.signerName) || '<none>', str(spec.username),
      seconds === undefined ? '<none>' : humanDuration(seconds * 1000), csrCondition(csr),
    ];
  },
};
