// The Status a bad selector is rejected with: the selector tests share it, as kube-apiserver rejects every
// malformed label or field selector the same way (400 BadRequest) and kubectl prints the message.
import { isStatusError } from '../../../sandbox/api/errors';

/** The Status message a bad selector is rejected with (and that it is a 400). */
export function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (!isStatusError(e)) throw e;
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    return e.status.message ?? '';
  }
  throw new Error('expected the selector to be rejected');
}
