import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartScreen } from '../features/chart/ChartScreen';
import { DataScreen } from '../features/data/DataScreen';
import { ResultScreen } from '../features/backtest/ResultScreen';
import { RunsScreen } from '../features/runs/RunsScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { TradingScreen } from '../features/trading/TradingScreen';
import { useEngine } from '../stores/engine';
import { useNavigation } from '../stores/navigation';
import { HaltBanner } from './kill-switch/HaltBanner';
import { screenForShortcut } from './shortcuts';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

// Monaco is megabytes: it loads when the Strategies screen is first opened, not at start-up.
const StrategiesScreen = lazy(() => import('../features/strategies/StrategiesScreen').then((m) => ({ default: m.StrategiesScreen })));

export function App() {
  const { t } = useTranslation();
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const { connection, closedReason } = useEngine();
  const mainRef = useRef<HTMLElement>(null);
  const firstScreen = useRef(true);

  // Keyboard and screen-reader users land on the screen they switched to, not on the old button.
  useEffect(() => {
    if (firstScreen.current) firstScreen.current = false;
    else mainRef.current?.focus();
  }, [screen]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = screenForShortcut(e);
      if (target) {
        e.preventDefault();
        go(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <div className="app">
      <Sidebar />
      <main className="main" aria-label={t(`nav.${screen}`)} ref={mainRef} tabIndex={-1}>
        {connection === 'closed' && (
          <div className="banner banner--error" role="alert">
            <strong>{t('status.lostTitle')}</strong> {t('status.lostHint')} <span className="mono">({closedReason})</span>
          </div>
        )}
        <HaltBanner />
        {screen === 'chart' ? <ChartScreen /> : screen === 'data' ? <DataScreen /> : screen === 'strategies' ? (
          <Suspense fallback={<div className="screen">{t('common.loading')}</div>}>
            <StrategiesScreen />
          </Suspense>
        ) : screen === 'results' ? <ResultScreen /> : screen === 'trading' ? <TradingScreen /> : screen === 'settings' ? <SettingsScreen /> : <RunsScreen />}
      </main>
      <StatusBar />
    </div>
  );
}
