import { useState } from 'react';
import { type Failure, toFailure } from '../../shared/failure';

/**
 * A form's submission: busy while it runs, its failure kept to show, `done` after success. Each
 * run first clears the last failure, so an old error never stays next to a corrected field;
 * `check` is the page's own validation, refusing before anything is sent.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  const run = async (action: () => Promise<unknown>, check?: () => Failure | null) => {
    setFailure(null);
    setDone(false);
    const refused = check?.() ?? null;
    if (refused) {
      setFailure(refused);
      return;
    }
    setBusy(true);
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
