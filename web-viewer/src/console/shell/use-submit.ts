import { useState } from 'react';
import { type Failure, toFailure } from '../../shared/failure';

/** A form's submission: busy while it runs, its failure kept to show, `done` after success. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    setDone(false);
    try {
      await action();
      setDone(true);
    } catch (err) {
      setFailure(toFailure(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, done, run };
}
