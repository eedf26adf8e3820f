/**
 * discovery.k8s.io/v1 defaulting after pkg/apis/discovery/v1/defaults.go (SetDefaults_EndpointPort).
 */
import type { KubeObject } from '../object.ts';
import { objects, setDefault } from '../validation/access.ts';

/** SetDefaults_EndpointPort: name "" and protocol TCP. */
export function setDefaultsEndpointSlice(slice: KubeObject): void {
  for (const p of objects(slice.ports)) {
    setDefault(p, 'name', '');
    setDefault(p, 'protocol', 'TCP');
  }
}
