// The 403 kube-apiserver answers when the authorizer says no (k8s.io/apiserver endpoints/handlers/responsewriters
// errors.go, and apierrors.NewForbidden around it), word for word: `pods is forbidden: User
// "system:serviceaccount:dev:reader" cannot list resource "pods" in API group "" in the namespace "dev"`, then
// `: <reason>` when the authorizer gave one.
import { StatusError } from '../../api/errors';
import type { Attributes } from './request-attributes';

const q = (s: string) => JSON.stringify(s);

/** forbiddenMessage: who cannot do what, where. */
export function forbiddenMessage(attrs: Attributes): string {
  const user = q(attrs.user.username);
  if (!attrs.resourceRequest) return `User ${user} cannot ${attrs.verb} path ${q(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace ? `in the namespace ${q(attrs.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${attrs.verb} resource ${q(resource)} in API group ${q(attrs.apiGroup)} ${where}`;
}

/** responsewriters.Forbidden: the Status for a refused request. */
export function forbiddenError(attrs: Attributes, reason = ''): StatusError {
  const why = reason ? `${forbiddenMessage(attrs)}: ${reason}` : forbiddenMessage(attrs);
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  let message: string;
  if (!attrs.resource) message = `forbidden: ${why}`;
  else if (!attrs.name) message = `${qualified} is forbidden: ${why}`;
  else message = `${qualified} ${q(attrs.name)} is forbidden: ${why}`;
  return new StatusError(403, 'Forbidden', message, {
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}),
    ...(attrs.resource ? { kind: attrs.resource } : {}),
  });
}
