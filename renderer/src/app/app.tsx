import { useEffect, useRef } from 'react';

import { NoticeBar } from '../components/notice-bar';
import { FailedScreen } from '../features/failed/failed-screen';
import { HistoryScreen } from '../features/history/history-screen';
import { ImportScreen } from '../features/import/import-screen';
import { MessagesScreen } from '../features/messages/messages-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { UploadScreen } from '../features/upload/upload-screen';
import { useUploadStore } from '../features/upload/upload-store';
import { hasBridge } from '../ipc/client';
import { useT } from '../i18n/i18n';
import { useAppStore, type Screen } from './app-store';
import { Header } from './header';
import { Nav } from './nav';
import { UploadStrip } from './upload-strip';
import { wireEvents } from './wiring';

const SCREEN_VIEWS: Record<Screen, () => React.JSX.Element> = {
  import: ImportScreen,
  messages: MessagesScreen,
  upload: UploadScreen,
  failed: FailedScreen,
  history: HistoryScreen,
  settings: SettingsScreen,
};

export function App() {
  const t = useT();
  const screen = useAppStore((state) => state.screen);
  const localeError = useAppStore((state) => state.localeError);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const unwire = wireEvents();
    void useAppStore.getState().load();
    void useUploadStore.getState().load();
    return unwire;
  }, []);

  // Moving to another screen moves keyboard focus there too, so Tab continues in the content.
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [screen]);

  const View = SCREEN_VIEWS[screen];
  return (
    <div className="app" data-screen={screen}>
      <Header />
      <UploadStrip />
      <div className="app-body">
        <Nav />
        <main className="app-main" ref={mainRef} tabIndex={-1} data-testid={`screen-${screen}`}>
          {!hasBridge() ? <NoticeBar tone="error" text={t('errors.noBridge')} /> : null}
          {localeError ? <NoticeBar tone="error" text={localeError} /> : null}
          <View />
        </main>
      </div>
    </div>
  );
}
