import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createServices } from '@/app/App';
import { createQueryClient } from '@/lib/queryClient';
import '@/app/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <App services={createServices()} queryClient={createQueryClient()} />
  </StrictMode>,
);
