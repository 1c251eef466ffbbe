import { useTranslation } from 'react-i18next';
import { formatTs } from '../../app/format';
import { builtinText } from './builtin-text';
import { useStrategies } from './strategies-store';

/** Templates and the user's strategies; picking one opens it in the editor (the screen asks before unsaved edits are lost). */
export function StrategyList({ onPick }: { onPick(target: { kind: 'template' | 'strategy'; id: string }): void }) {
  const { t, i18n } = useTranslation();
  const tr = (text: string) => builtinText(text, i18n.language);
  const { templates, list, open } = useStrategies();
  const openId = open?.kind === 'template' ? `t:${open.template.id}` : open ? `s:${open.detail.id}` : null;
  return (
    <nav className="wb-list" aria-label={t('workbench.strategies.title')}>
      <h2 className="wb-list__head">{t('workbench.strategies.mine')}</h2>
      {list.length === 0 ? (
        <p className="wb-list__empty">{t('workbench.strategies.mineEmpty')}</p>
      ) : (
        <ul className="wb-list__items" data-testid="my-strategies">
          {list.map((s) => (
            <li key={s.id}>
              <button type="button" className={`wb-list__item${openId === `s:${s.id}` ? ' wb-list__item--active' : ''}`} aria-current={openId === `s:${s.id}` ? 'true' : undefined} onClick={() => onPick({ kind: 'strategy', id: s.id })}>
                <span className="wb-list__name">{s.name}</span>
                <span className="wb-list__meta">
                  {t('workbench.strategies.version', { version: s.latestVersion })} · {formatTs(s.updatedAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2 className="wb-list__head">{t('workbench.strategies.templates')}</h2>
      <ul className="wb-list__items" data-testid="templates">
        {templates.map((tpl) => (
          <li key={tpl.id}>
            <button type="button" className={`wb-list__item${openId === `t:${tpl.id}` ? ' wb-list__item--active' : ''}`} aria-current={openId === `t:${tpl.id}` ? 'true' : undefined} title={tpl.description ? tr(tpl.description) : undefined} onClick={() => onPick({ kind: 'template', id: tpl.id })} data-testid={`template-${tpl.id}`}>
              <span className="wb-list__name">{tr(tpl.name)}</span>
              <span className="wb-list__meta">{tpl.description && tr(tpl.description)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
