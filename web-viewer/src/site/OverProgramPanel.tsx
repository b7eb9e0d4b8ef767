import type { ReactNode } from 'react';

/**
 * A button in the site's bar and, while open, a panel over the program with its own close button
 * (the agenda, votes and opinions open this way). The owner keeps `open`, so a panel can open
 * itself on news.
 */
export function OverProgramPanel(props: {
  open: boolean;
  setOpen(open: boolean): void;
  /** the button's words while closed, and the panel's name */
  label: string;
  closeLabel: string;
  /** `${testId}-button` and `${testId}` name the button and the panel for tests */
  testId: string;
  className: string;
  children: ReactNode;
}) {
  const { open, setOpen, label, closeLabel, testId } = props;
  return (
    <>
      <button type="button" className={`button ${testId}-button`} aria-expanded={open} data-testid={`${testId}-button`} onClick={() => setOpen(!open)}>
        {open ? closeLabel : label}
      </button>
      {open ? (
        <aside className={`papers-panel ${props.className}`} aria-label={label} data-testid={testId}>
          <button type="button" className="button papers-close" onClick={() => setOpen(false)}>
            {closeLabel}
          </button>
          {props.children}
        </aside>
      ) : null}
    </>
  );
}
