import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../app.css';
import { i18next } from '../i18n/index.js';
import { EmbedApp } from './EmbedApp.js';
import './embed.css';
import { parseEmbedParams } from './embedParams.js';

// Read once, before the first render, so a bad parameter is warned about once.
const params = parseEmbedParams(window.location.search);
void i18next.changeLanguage(params.lang);
document.documentElement.lang = params.lang;
document.title = i18next.t('app.title');

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <EmbedApp params={params} />
    </QueryClientProvider>
  </StrictMode>,
);
