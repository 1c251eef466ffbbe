import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../stores/navigation';
import { formatTs } from '../format';
import { haltSummary, useKillSwitch } from './kill-switch-store';

/** Above every screen while trading is halted: who halted what, since when, and why. */
export function HaltBanner() {
  const { t } = useTranslation();
  const { states, accounts } = useKillSwitch();
  const go = useNavigation((s) => s.go);
  const screen = useNavigation((s) => s.screen);
  const h = haltSummary(states, accounts);
  if (!h.global && h.accounts.length === 0 && h.stopped.length === 0) return null;
  const line = (s: (typeof states)[number]) => ({ time: formatTs(s.tsEvent), reason: s.reason ?? s.actor });
  const mode = (s: (typeof states)[number]) => (s.mode === 'reduce-only' ? 'reduce-only' : 'halted');
  return (
    <div className="banner banner--halt" role="status" data-testid="halt-banner">
      {h.global && <p>{t(`kill.banner.global.${mode(h.global)}`, line(h.global))}</p>}
      {h.accounts.map((s) => (
        <p key={s.scope}>{t(`kill.banner.account.${mode(s)}`, { account: s.scope, ...line(s) })}</p>
      ))}
      {h.stopped.map((a) => (
        <p key={a.id}>{t('kill.banner.stopped', { account: a.id, status: t(`kill.status.${a.status as 'halted' | 'needs-decision'}`) })}</p>
      ))}
      {h.stopped.length > 0 && screen !== 'trading' && (
        <button type="button" className="btn btn--small" onClick={() => go('trading')} data-testid="halt-banner-review">
          {t('kill.banner.review')}
        </button>
      )}
    </div>
  );
}
