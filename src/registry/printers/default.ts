/**
 * The Table kube-apiserver serves for kinds without a printer (rest.NewDefaultTableConvertor):
 * Roles, ClusterRoles, LimitRanges, CustomResourceDefinitions, APIServices and the like print
 * NAME and CREATED AT, the latter an RFC 3339 UTC timestamp rather than an age.
 */
import { rfc3339 } from '../../util/clock.ts';
import { NAME, column, nameOf } from './columns.ts';
import { parseTime } from './human-duration.ts';
import type { Printer } from './table.ts';

/** Go's zero time as time.RFC3339 formats it, for an object without creationTimestamp. */
const ZERO_TIME_TEXT = '0001-01-01T00:00:00Z';

export const defaultPrinter: Printer = {
  columns: [NAME, column('Created At', 'date', 'When the object was created (RFC 3339, UTC).')],
  row(o) {
    const created = parseTime(o.metadata?.creationTimestamp);
    return [nameOf(o), created === undefined ? ZERO_TIME_TEXT : rfc3339(created)];
  },
};
