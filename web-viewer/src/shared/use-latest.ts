import { type RefObject, useLayoutEffect, useRef } from 'react';

/**
 * The value of the latest render, for an effect that reads it without re-running when it changes
 * (a callback rebuilt on every render, a credential object, a start position). Updated in a
 * layout effect, so the passive effects of the same commit already see it.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
