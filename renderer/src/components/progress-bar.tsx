/** A determinate bar; `value` is 0..1, or null for work whose size is not known yet. */
export function ProgressBar({
  value,
  label,
  slim = false,
  testId,
}: {
  value: number | null;
  label: string;
  slim?: boolean;
  testId?: string;
}) {
  const percent = value === null ? null : Math.round(Math.max(0, Math.min(1, value)) * 1000) / 10;
  return (
    <div
      className={`progress${slim ? ' progress-slim' : ''}${percent === null ? ' progress-unknown' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: percent === null ? '30%' : `${percent}%` }} />
    </div>
  );
}
