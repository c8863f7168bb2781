import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/theme.css';

function DashboardApp() {
  return <main>Tabline dashboard</main>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DashboardApp />
  </StrictMode>,
);
