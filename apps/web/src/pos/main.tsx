import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/theme.css';
import './pos.css';
import { PosApp } from './pos-app.tsx';

// The service worker precaches the app, so a reload with no network still
// opens the till. It covers /pos/ only: the dashboard needs the server anyway.
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/sw.js', { scope: '/pos/' });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PosApp />
  </StrictMode>,
);
