import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router, loginRoute } from './router';
import { setUnauthenticatedHandler } from './api/graphql';
import { clearSession } from './features/auth/session';
import './styles/layout.css';
import './styles/focus.css';
import './styles/motion.css';

setUnauthenticatedHandler(() => {
  clearSession();
  const current = router.currentRoute.value;
  if (!current.meta.public) void router.push(loginRoute(current.fullPath));
});

createApp(App).use(i18n).use(router).mount('#app');
