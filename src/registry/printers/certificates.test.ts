import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { certificateSigningRequestPrinter } from './certificates.ts';

test('CSRs: age first, signer, requestor, duration, condition', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const csr: KubeObject = {
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'csr-8x7kq', creationTimestamp: '2025-06-01T11:59:00Z' },
    spec: { signerName: 'kubernetes.io/kubelet-serving', username: 'system:node:ip-10-0-1-23.ec2.internal', expirationSeconds: 86400 },
    status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0tLS1CRUdJTg==' },
  };
  assert.deepEqual(certificateSigningRequestPrinter.row(csr, now),
    ['csr-8x7kq', '60s', 'kubernetes.io/kubelet-serving', 'system:node:ip-10-0-1-23.ec2.internal', '24h', 'Approved,Issued']);
  assert.deepEqual(certificateSigningRequestPrinter.row({ ...csr, spec: {}, status: {} }, now).slice(2), ['<none>', '', '<none>', 'Pending']);
  assert.equal(certificateSigningRequestPrinter.row({ ...csr, status: { conditions: [{ type: 'Denied' }, { type: 'Failed' }] } }, now)[5], 'Denied,Failed');
});
