import { useEffect, type ReactNode } from 'react';

import type { SecretName } from '../../../../shared/ipc/settings';
import { NoticeBar } from '../../components/notice-bar';
import { formatTimeWithZone, zoneLabel } from '../../i18n/format';
import { useMainText, useT, type MessageKey } from '../../i18n/i18n';
import { validateDraft, type FieldError, type SettingsDraft } from './settings-draft';
import { useSettingsStore } from './settings-store';

export function SettingsScreen() {
  const t = useT();
  const mainText = useMainText();
  const store = useSettingsStore();
  const { view, draft, secrets } = store;

  useEffect(() => {
    void useSettingsStore.getState().load();
  }, []);

  if (!view || !draft) {
    return (
      <section className="screen" aria-labelledby="settings-title">
        <header className="screen-head">
          <h1 id="settings-title">{t('settings.title')}</h1>
        </header>
        {store.loadError ? (
          <NoticeBar tone="error" text={store.loadError} />
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const errors = validateDraft(draft, secrets);
  const dirty = store.isDirty();
  const invalid = Object.keys(errors).length > 0;
  const errorText = (error: FieldError | undefined) =>
    error ? t(error.key, error.params) : undefined;

  const text = (key: 'baseUrl' | 'clientId' | 'receiveId', help: MessageKey) => (
    <Field
      label={t(`settings.${key}`)}
      help={t(help)}
      error={errorText(errors[key])}
      htmlFor={`settings-${key}`}
    >
      <input
        id={`settings-${key}`}
        type="text"
        value={draft[key]}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => store.setField(key, event.target.value)}
        aria-invalid={errors[key] !== undefined}
        data-testid={`settings-${key}`}
      />
    </Field>
  );

  const secret = (name: SecretName, help: MessageKey) => {
    const edit = secrets[name];
    const isSet = view.secretsSet[name];
    return (
      <Field
        label={t(`settings.${name}`)}
        help={t(help)}
        error={errorText(errors[name])}
        htmlFor={`settings-${name}`}
        aside={
          <span
            className={`secret-state ${isSet ? 'is-set' : 'is-unset'}`}
            data-testid={`settings-${name}-state`}
            data-set={isSet ? 'true' : 'false'}
          >
            {edit === null
              ? t('settings.secretWillClear')
              : isSet
                ? t('settings.secretSet')
                : t('settings.secretNotSet')}
          </span>
        }
      >
        <div className="secret-row">
          <input
            id={`settings-${name}`}
            type="password"
            value={typeof edit === 'string' ? edit : ''}
            placeholder={t('settings.secretPlaceholder')}
            autoComplete="new-password"
            spellCheck={false}
            onChange={(event) =>
              store.setSecret(name, event.target.value === '' ? undefined : event.target.value)
            }
            aria-invalid={errors[name] !== undefined}
            data-testid={`settings-${name}`}
          />
          {isSet && edit !== null ? (
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => store.setSecret(name, null)}
              data-testid={`settings-${name}-clear`}
            >
              {t('settings.secretClear')}
            </button>
          ) : null}
        </div>
      </Field>
    );
  };

  const number = (key: 'rateCalls' | 'rateWindow' | 'maxAttempts') => (
    <input
      id={`settings-${key}`}
      type="number"
      inputMode="numeric"
      className="input-number"
      value={draft[key]}
      onChange={(event) => store.setField(key, event.target.value)}
      aria-invalid={errors[key] !== undefined}
      data-testid={`settings-${key}`}
    />
  );

  const toggle = (key: 'useSandbox' | 'includeMedia', label: MessageKey, help: MessageKey) => (
    <div className="field">
      <label className="check check-strong">
        <input
          type="checkbox"
          checked={draft[key]}
          onChange={(event) => store.setField(key, event.target.checked)}
          data-testid={`settings-${key}`}
        />
        <span>{t(label)}</span>
      </label>
      <p className="field-help">{t(help)}</p>
    </div>
  );

  const setCutoffMode = (mode: SettingsDraft['cutoffMode']) => store.setField('cutoffMode', mode);

  return (
    <section className="screen screen-settings" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">{t('settings.title')}</h1>
        {dirty ? <span className="unsaved">{t('settings.unsaved')}</span> : null}
      </header>

      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          void store.save();
        }}
        data-testid="settings-form"
      >
        <fieldset className="panel">
          <legend className="panel-title">{t('settings.connection')}</legend>
          {toggle('useSandbox', 'settings.sandbox', 'settings.sandboxHelp')}
          {draft.useSandbox ? (
            <p className="notice notice-warn sandbox-note" data-testid="settings-sandbox-note">
              {t('settings.sandboxOnNote')}
            </p>
          ) : null}
          {text('baseUrl', 'settings.baseUrlHelp')}
          {text('clientId', 'settings.clientIdHelp')}
          {secret('clientSecret', 'settings.clientSecretHelp')}
          {secret('token', 'settings.tokenHelp')}
          {secret('encodingAesKey', 'settings.encodingAesKeyHelp')}
          {text('receiveId', 'settings.receiveIdHelp')}

          {view.keyring.available ? (
            <p className="hint" data-testid="settings-keyring">
              {view.secretStorage === 'session'
                ? t('settings.storage.sessionNow')
                : t('settings.storage.keyring', { backend: keyringName(view.keyring.backend) })}
            </p>
          ) : (
            <div className="keyring-missing" data-testid="settings-no-keyring">
              <p className="warn-text">{t('settings.keyringMissing')}</p>
              <label className="check">
                <input
                  type="radio"
                  name="secret-storage"
                  checked={store.storage === 'session'}
                  onChange={() => store.setStorage('session')}
                  data-testid="settings-storage-session"
                />
                <span>{t('settings.storage.session')}</span>
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="secret-storage"
                  checked={store.storage === 'plain'}
                  onChange={() => store.setStorage('plain')}
                  data-testid="settings-storage-plain"
                />
                <span>{t('settings.storage.plain')}</span>
              </label>
              {store.storage === 'plain' ? (
                <label className="check check-indent">
                  <input
                    type="checkbox"
                    checked={store.plainConfirmed}
                    onChange={(event) => store.setPlainConfirmed(event.target.checked)}
                    data-testid="settings-storage-plain-confirm"
                  />
                  <span>{t('settings.storage.plainConfirm')}</span>
                </label>
              ) : null}
              {view.secretStorage === 'session' ? (
                <p className="hint">{t('settings.storage.sessionNow')}</p>
              ) : null}
            </div>
          )}

          <div className="test-row">
            <button
              type="button"
              className="btn"
              disabled={store.testing || store.saving || invalid}
              onClick={() => void store.testConnection()}
              data-testid="settings-test"
            >
              {store.testing ? t('settings.testing') : t('settings.test')}
            </button>
            {store.test ? (
              <span
                className={store.test.ok ? 'text-ok' : 'text-error'}
                role="status"
                data-testid="settings-test-result"
                data-ok={store.test.ok ? 'true' : 'false'}
              >
                {t(store.test.ok ? 'settings.testOk' : 'settings.testFail', {
                  message: mainText(store.test.message),
                })}
                {store.test.expiresAt !== null
                  ? ` ${t('settings.tokenExpires', { time: formatTimeWithZone(store.test.expiresAt) })}`
                  : ''}
              </span>
            ) : null}
            {store.testError ? (
              <span
                className="text-error"
                role="alert"
                data-testid="settings-test-result"
                data-ok="false"
              >
                {store.testError}
              </span>
            ) : null}
          </div>
        </fieldset>

        <fieldset className="panel" data-testid="settings-cutoff">
          <legend className="panel-title">{t('settings.cutoff')}</legend>
          <p className="warn-text">{t('settings.cutoffHelp')}</p>
          <label className="check">
            <input
              type="radio"
              name="cutoff-mode"
              checked={draft.cutoffMode === 'at'}
              onChange={() => setCutoffMode('at')}
              data-testid="settings-cutoff-at"
            />
            <span>{t('settings.cutoffAt')}</span>
          </label>
          {draft.cutoffMode === 'at' ? (
            <div className="check-indent">
              <input
                type="datetime-local"
                step={1}
                value={draft.cutoffAt}
                onChange={(event) => store.setField('cutoffAt', event.target.value)}
                aria-label={t('settings.cutoffAt')}
                aria-invalid={errors.cutoffAt !== undefined}
                data-testid="settings-cutoff-input"
              />
              <span className="muted"> {t('settings.cutoffZone', { zone: zoneLabel() })}</span>
              {errors.cutoffAt ? <p className="field-error">{errorText(errors.cutoffAt)}</p> : null}
            </div>
          ) : null}
          <label className="check">
            <input
              type="radio"
              name="cutoff-mode"
              checked={draft.cutoffMode === 'never'}
              onChange={() => setCutoffMode('never')}
              data-testid="settings-cutoff-never"
            />
            <span>{t('settings.cutoffNever')}</span>
          </label>
          {draft.cutoffMode === 'unset' ? (
            <p className="warn-text" data-testid="settings-cutoff-unset">
              {t('settings.cutoffUnknown')}
            </p>
          ) : null}
        </fieldset>

        <fieldset className="panel">
          <legend className="panel-title">{t('settings.upload')}</legend>
          <Field
            label={t('settings.rate')}
            help={t('settings.rateHelp')}
            error={errorText(errors.rateCalls ?? errors.rateWindow)}
            htmlFor="settings-rateCalls"
          >
            <div className="inline-inputs">
              {number('rateCalls')}
              <span>{t('settings.rateCalls')}</span>
              {number('rateWindow')}
              <span>{t('settings.rateWindow')}</span>
            </div>
          </Field>
          {toggle('includeMedia', 'settings.includeMedia', 'settings.includeMediaHelp')}
          <Field
            label={t('settings.maxAttempts')}
            help={t('settings.maxAttemptsHelp')}
            error={errorText(errors.maxAttempts)}
            htmlFor="settings-maxAttempts"
          >
            {number('maxAttempts')}
          </Field>
        </fieldset>

        {store.notice ? (
          <NoticeBar tone={store.notice.tone} text={store.notice.text} testId="settings-notice" />
        ) : null}

        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!dirty || invalid || store.saving}
            data-testid="settings-save"
          >
            {t('common.save')}
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            disabled={!dirty || store.saving}
            onClick={store.discard}
            data-testid="settings-discard"
          >
            {t('settings.discard')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Field({
  label,
  help,
  error,
  htmlFor,
  aside,
  children,
}: {
  label: string;
  help: string;
  error?: string;
  htmlFor: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <div className="field-top">
        <label className="field-label" htmlFor={htmlFor}>
          {label}
        </label>
        {aside}
      </div>
      {children}
      <p className="field-help">{help}</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The keyring as people know it; Electron names backends by their internal ids. */
const KEYRING_NAMES: Record<string, string> = {
  keychain: 'macOS Keychain',
  dpapi: 'Windows DPAPI',
  gnome_libsecret: 'GNOME Keyring',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
};

function keyringName(backend: string): string {
  return KEYRING_NAMES[backend] ?? backend;
}
