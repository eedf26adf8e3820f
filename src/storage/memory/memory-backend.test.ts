import { describeBackendConformance } from '../conformance.ts';
import { MemoryBackend } from './memory-backend.ts';

describeBackendConformance('memory', async () => {
  const backend = new MemoryBackend();
  return { backend, cleanup: () => backend.close() };
});
