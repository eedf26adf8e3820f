/**
 * Kubernetes' URL library (k8s.io/apiserver/pkg/cel/library/urls.go, "kubernetes.urls"), with Go's
 * net/url semantics (go-url.ts):
 *
 *     url(<string>) <URL>        an absolute URI or absolute path, else an error
 *     isURL(<string>) <bool>
 *     <URL>.getScheme(), .getHost(), .getHostname(), .getPort(), .getEscapedPath() <string>
 *     <URL>.getQuery() <map<string, list<string>>>
 */
import { type Environment } from '@marcbachmann/cel-js';
import { type GoURL, escapedPath, hostname, parseRequestURI, parseURL, port, query } from './go-url.ts';
import { type CelLibrary, SYNC, celError } from './library.ts';

/** A URL value (kube's apiservercel.URL); equal when every part is. */
export class CelURL {
  constructor(readonly url: GoURL) {}
  celEquals(other: unknown): boolean {
    return other instanceof CelURL && JSON.stringify(other.url) === JSON.stringify(this.url);
  }
}

const TYPE = 'kubernetes.URL';

function toURL(s: string): CelURL {
  try {
    // ParseRequestURI checks the URL; Parse reads it (ParseRequestURI leaves a fragment in the path)
    parseRequestURI(s);
    return new CelURL(parseURL(s));
  } catch (e) {
    throw celError(`URL parse error during conversion from string: ${(e as Error).message}`);
  }
}

function isURL(s: string): boolean {
  try {
    parseRequestURI(s);
    return true;
  } catch {
    return false;
  }
}

export const urlsLibrary: CelLibrary = {
  name: 'kubernetes.urls',
  register(env: Environment) {
    env.registerType(TYPE, CelURL);
    env.registerOperator(`${TYPE} == ${TYPE}`, (a: CelURL, b: CelURL) => a.celEquals(b));
    env.registerFunction(`url(string): ${TYPE}`, toURL, SYNC);
    env.registerFunction('isURL(string): bool', isURL, SYNC);
    env.registerFunction(`${TYPE}.getScheme(): string`, (u: CelURL) => u.url.scheme, SYNC);
    env.registerFunction(`${TYPE}.getHost(): string`, (u: CelURL) => u.url.host, SYNC);
    env.registerFunction(`${TYPE}.getHostname(): string`, (u: CelURL) => hostname(u.url), SYNC);
    env.registerFunction(`${TYPE}.getPort(): string`, (u: CelURL) => port(u.url), SYNC);
    env.registerFunction(`${TYPE}.getEscapedPath(): string`, (u: CelURL) => escapedPath(u.url), SYNC);
    env.registerFunction(`${TYPE}.getQuery(): map<string, list<string>>`, (u: CelURL) => query(u.url), SYNC);
  },
};
