/**
 * CRD validation rules (`x-kubernetes-validations`, CEL) with the real kubectl against
 * `ekslite up`: a CRD with a rule and message, a rule with a messageExpression and a transition
 * rule is accepted; a valid CR applies; an invalid one is refused with kube's message, which
 * kubectl prints; an update that breaks the transition rule is refused; a CRD whose rule does not
 * compile is refused with cel-go's error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type EksliteProcess, startEkslite } from '../support/ekslite-process.ts';
import { kubectl, kubectlAvailable, kubectlOk } from '../support/kubectl.ts';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: scalers.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: scalers, singular: scaler, kind: Scaler}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.minReplicas <= self.maxReplicas
              message: minReplicas must be at most maxReplicas
            - rule: self.replicas <= self.maxReplicas
              messageExpression: "'replicas ' + string(self.replicas) + ' exceeds maxReplicas ' + string(self.maxReplicas)"
            properties:
              minReplicas: {type: integer}
              maxReplicas: {type: integer}
              replicas: {type: integer}
              mode:
                type: string
                x-kubernetes-validations:
                - rule: self == oldSelf
                  message: Value is immutable
`;

const scaler = (name: string, spec: string) => `apiVersion: example.com/v1\nkind: Scaler\nmetadata: {name: ${name}}\nspec: ${spec}\n`;

const BROKEN_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: brokens.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: brokens, singular: broken, kind: Broken}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.replica > 0
            properties:
              replicas: {type: integer}
`;

describe('CRD validation rules with kubectl against ekslite up', { skip }, () => {
  let ek: EksliteProcess;
  before(async () => { ek = await startEkslite({ name: 'crd-cel' }); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('the CRD with rules is accepted and a valid CR applies', async () => {
    assert.match(await kubectlOk(ek, ['apply', '-f', '-'], CRD), /customresourcedefinition.apiextensions.k8s.io\/scalers.example.com created/);
    assert.match(await kubectlOk(ek, ['apply', '-f', '-'], scaler('s1', '{minReplicas: 1, maxReplicas: 5, replicas: 3, mode: fast}')), /scaler.example.com\/s1 created/);
  });

  test('a CR breaking a rule is refused with its message', async () => {
    const r = await kubectl(ek, ['apply', '-f', '-'], scaler('s2', '{minReplicas: 6, maxReplicas: 5, replicas: 5}'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Scaler "s2" is invalid: spec: Invalid value: "object": minReplicas must be at most maxReplicas/);
    const missing = await kubectl(ek, ['get', 'scaler', 's2']);
    assert.notEqual(missing.code, 0, 'the invalid CR was not stored');
  });

  test('a messageExpression is evaluated for the message', async () => {
    const r = await kubectl(ek, ['apply', '-f', '-'], scaler('s3', '{minReplicas: 1, maxReplicas: 5, replicas: 9}'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec: Invalid value: "object": replicas 9 exceeds maxReplicas 5/);
  });

  test('an update breaking a transition rule is refused; one keeping it is accepted', async () => {
    const changed = await kubectl(ek, ['apply', '-f', '-'], scaler('s1', '{minReplicas: 1, maxReplicas: 5, replicas: 3, mode: slow}'));
    assert.notEqual(changed.code, 0);
    assert.match(changed.stderr, /spec\.mode: Invalid value: "string": Value is immutable/);
    assert.match(await kubectlOk(ek, ['apply', '-f', '-'], scaler('s1', '{minReplicas: 1, maxReplicas: 5, replicas: 4, mode: fast}')), /scaler.example.com\/s1 configured/);
    assert.equal(await kubectlOk(ek, ['get', 'scaler', 's1', '-o', 'jsonpath={.spec.replicas} {.spec.mode}']), '4 fast');
  });

  test('a CRD whose rule does not compile is refused with cel-go\'s error', async () => {
    const r = await kubectl(ek, ['apply', '-f', '-'], BROKEN_CRD);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The CustomResourceDefinition "brokens.example.com" is invalid: spec\.validation\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: Invalid value: apiextensions\.ValidationRule\{Rule:"self\.replica > 0", /);
    assert.match(r.stderr, /compilation failed: ERROR: <input>:1:5: undefined field 'replica'/);
    assert.doesNotMatch(await kubectlOk(ek, ['get', 'crds']), /brokens\.example\.com/);
  });
});
