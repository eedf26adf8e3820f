/**
 * The process runtime's image catalog: images that have no binary on the host but that ekslite can
 * stand in for with a small program, matched by repository (any tag). Each stand-in is documented
 * for what it really does; none pretends to be more than that.
 *
 * | image | stand-in |
 * |---|---|
 * | nginx | catalog/nginx.mjs: HTTP on port 80 of the pod IP; serves /usr/share/nginx/html from its volume when one is mounted there, else nginx's default welcome page; nginx-style access log on stdout |
 * | busybox, alpine | the host's `sh` (the images' default command): with no tty and no stdin it exits 0 at once, as the real images do |
 * | echoserver (registry.k8s.io/echoserver, e2e-test-images/echoserver) | catalog/echoserver.mjs: HTTP on 8080 answering with the request's details in echoserver's text layout |
 * | hpa-example (registry.k8s.io/hpa-example) | catalog/hpa-example.mjs: HTTP on 80; each request runs the image's PHP loop (a million square roots) and answers "OK!" |
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface CatalogEntry {
  readonly name: string;
  /** Normalised repositories this entry stands in for. */
  readonly repositories: readonly string[];
  /** argv when the manifest gives no command; `args` are the manifest's args (they replace the image's CMD). */
  entrypoint(args: readonly string[] | undefined, catalogDir: string): readonly string[];
  /** argv for a manifest command naming a binary of the image that the host lacks (e.g. `nginx -g …`). */
  translate?(argv: readonly string[], catalogDir: string): readonly string[] | undefined;
}

const node = (catalogDir: string, script: string, args: readonly string[] = []) => [process.execPath, join(catalogDir, script), ...args];

const NGINX_BINARIES = new Set(['nginx', '/usr/sbin/nginx', '/docker-entrypoint.sh', 'nginx-debug']);

export const CATALOG: readonly CatalogEntry[] = [
  {
    name: 'nginx',
    repositories: ['docker.io/library/nginx', 'public.ecr.aws/nginx/nginx', 'public.ecr.aws/docker/library/nginx', 'mirror.gcr.io/library/nginx'],
    entrypoint: (_args, dir) => node(dir, 'nginx.mjs'),
    translate: (argv, dir) => (NGINX_BINARIES.has(argv[0]) ? node(dir, 'nginx.mjs') : undefined),
  },
  {
    name: 'busybox',
    repositories: ['docker.io/library/busybox', 'public.ecr.aws/docker/library/busybox', 'registry.k8s.io/e2e-test-images/busybox', 'gcr.io/google-containers/busybox', 'registry.k8s.io/busybox'],
    entrypoint: (args) => (args && args.length > 0 ? args : ['sh']),
    // `busybox <applet> …` runs the applet itself when the host has no busybox binary
    translate: (argv) => (argv[0] === 'busybox' || argv[0] === '/bin/busybox' ? argv.slice(1) : undefined),
  },
  {
    name: 'alpine',
    repositories: ['docker.io/library/alpine', 'public.ecr.aws/docker/library/alpine'],
    entrypoint: (args) => (args && args.length > 0 ? args : ['/bin/sh']),
  },
  {
    name: 'echoserver',
    repositories: ['registry.k8s.io/echoserver', 'k8s.gcr.io/echoserver', 'gcr.io/google_containers/echoserver', 'registry.k8s.io/e2e-test-images/echoserver'],
    entrypoint: (_args, dir) => node(dir, 'echoserver.mjs'),
  },
  {
    name: 'hpa-example',
    repositories: ['registry.k8s.io/hpa-example', 'k8s.gcr.io/hpa-example', 'gcr.io/google_containers/hpa-example'],
    entrypoint: (_args, dir) => node(dir, 'hpa-example.mjs'),
  },
];

export function catalogEntry(repository: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.repositories.includes(repository));
}

/**
 * Where the stand-in scripts are. The bundled CLI (dist/ekslite.js) needs them copied to
 * dist/catalog/; the runtime takes the directory as an option for that reason.
 */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('./catalog/', import.meta.url));
