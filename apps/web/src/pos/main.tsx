import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/theme.css';

function PosApp() {
  return <main>Tabline POS</main>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PosApp />
  </StrictMode>,
);
