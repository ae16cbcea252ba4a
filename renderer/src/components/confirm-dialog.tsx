import { useEffect, useRef, useState, type ReactNode } from 'react';

import { useT } from '../i18n/i18n';

/**
 * A modal question for actions that cannot be taken back. When `checkLabel` is given the confirm
 * button stays disabled until the operator ticks it, so the risk has to be read, not clicked past.
 * Uses the native <dialog>, which traps focus and closes on Escape.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  checkLabel,
  danger = false,
  onConfirm,
  onCancel,
  testId = 'confirm-dialog',
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  checkLabel?: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${testId}-title`} className="dialog-title">
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      {checkLabel ? (
        <label className="check dialog-check">
          <input
            type="checkbox"
            checked={checked}
            onChange={(event) => setChecked(event.target.checked)}
            data-testid={`${testId}-check`}
          />
          <span>{checkLabel}</span>
        </label>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
          disabled={checkLabel !== undefined && !checked}
          onClick={onConfirm}
          data-testid={`${testId}-confirm`}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
