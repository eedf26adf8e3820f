// ESLint rule `ekslite/layers`: an import must point down the layer stack of docs/architecture.md.
// The layer of a file is its first folder under src/; LAYERS lists what each layer may import.
// Controllers, the scheduler, kubelets and proxies reach state only through client/, so they may
// not import registry/, storage/ or apiserver/.
import path from 'node:path';

export const LAYERS = {
  util: [],
  api: ['util'],
  storage: ['util', 'api'],
  registry: ['util', 'api', 'storage'],
  auth: ['util', 'api'],
  admission: ['util', 'api'],
  apiserver: ['util', 'api', 'storage', 'registry', 'auth', 'admission'],
  client: ['util', 'api', 'auth', 'apiserver'],
  controller: ['util', 'api', 'client'],
  network: ['util', 'api', 'client', 'controller'],
  controllers: ['util', 'api', 'client', 'controller', 'network'],
  scheduler: ['util', 'api', 'client', 'controller'],
  kubelet: ['util', 'api', 'client', 'controller', 'network'],
  proxy: ['util', 'api', 'client', 'controller', 'network'],
  aws: ['util', 'api', 'client', 'controller', 'network', 'auth'],
  cluster: ['util', 'api', 'storage', 'registry', 'auth', 'admission', 'apiserver', 'client', 'controller',
    'network', 'controllers', 'scheduler', 'kubelet', 'proxy', 'aws'],
  cmd: ['util', 'api', 'storage', 'auth', 'cluster', 'client'],
};

function layerOf(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

export const layersRule = {
  meta: { type: 'problem', schema: [], messages: {
    up: "layer '{{from}}' may not import from layer '{{to}}' (allowed: {{allowed}}); see docs/architecture.md",
    unknown: "'{{layer}}' is not a known layer folder under src/; add it to scripts/eslint/layers.mjs",
  } },
  create(context) {
    const file = context.filename;
    const srcRoot = path.join(context.cwd, 'src');
    const from = layerOf(file, srcRoot);
    if (!from || from.endsWith('.ts')) return {};
    // Tests use the real thing (STYLE.md §10): a test may build an in-process cluster from any layer.
    if (file.endsWith('.test.ts')) return {};
    if (!(from in LAYERS)) {
      return { Program(node) { context.report({ node, messageId: 'unknown', data: { layer: from } }); } };
    }
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(file), source), srcRoot);
      if (!to || to === from) return;
      if (!LAYERS[from].includes(to)) {
        context.report({ node, messageId: 'up', data: { from, to, allowed: LAYERS[from].join(', ') || 'none' } });
      }
    };
    return {
      ImportDeclaration(node) { check(node, node.source.value); },
      ExportNamedDeclaration(node) { if (node.source) check(node, node.source.value); },
      ExportAllDeclaration(node) { check(node, node.source.value); },
      ImportExpression(node) { if (node.source.type === 'Literal') check(node, node.source.value); },
    };
  },
};
