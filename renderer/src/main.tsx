import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/client';
import { detectPlatform } from './api/platform';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import { initTheme } from './app/theme';
import { bindInstruments } from './stores/instruments';
import { loadEngineInfo, markEngineClosed } from './stores/engine';
import './app/styles/theme.css';
import './app/styles/base.css';
import './app/styles/components.css';

initTheme();
initI18n();
const client = connect(detectPlatform(), markEngineClosed);
void loadEngineInfo(client);
bindInstruments(client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
