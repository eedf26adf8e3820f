/**
 * Endpoints and EndpointSlices, after pkg/registry/core/endpoint and
 * pkg/registry/discovery/endpointslice strategy.go: PUT may create; EndpointSlices track
 * generation (their "spec" is endpoints, ports and addressType).
 */
import { setDefaultsEndpoints } from '../../api/defaults/core.ts';
import { setDefaultsEndpointSlice } from '../../api/defaults/discovery.ts';
import { validateEndpoints } from '../../api/validation/core-service.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../../api/validation/discovery.ts';
import { validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import { defineStrategy } from './define-strategy.ts';

export const endpointsStrategy = defineStrategy({
  allowCreateOnUpdate: true,
  defaults: setDefaultsEndpoints,
  validate: validateEndpoints,
  validateUpdate: (ep, old) => [...validateObjectMetaUpdate(ep.metadata, old.metadata), ...validateEndpoints(ep)],
});

export const endpointSliceStrategy = defineStrategy({
  allowCreateOnUpdate: true,
  tracksGeneration: true,
  defaults: setDefaultsEndpointSlice,
  validate: validateEndpointSlice,
  validateUpdate: (s, old) => [...validateObjectMetaUpdate(s.metadata, old.metadata), ...validateEndpointSliceUpdate(s, old)],
});
