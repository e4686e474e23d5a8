import { shallowRef } from 'vue';
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
import { isApiError } from '@/api/graphql';
import { currentUser, loadSession } from '@/features/auth/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without being signed in. */
    public?: boolean;
    /** Only for ADMIN users. */
    requiresAdmin?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/features/auth/LoginPage.vue'),
    meta: { public: true },
  },
  {
    path: '/invitation/:token',
    name: 'invitation',
    component: () => import('@/features/users/AcceptInvitationPage.vue'),
    props: true,
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('@/features/layout/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/features/home/HomePage.vue') },
      { path: 'companies', name: 'companies', component: () => import('@/features/companies/CompanyListPage.vue') },
      {
        path: 'companies/trash',
        name: 'companies-trash',
        component: () => import('@/features/trash/TrashPage.vue'),
        props: { list: 'COMPANIES' },
      },
      {
        path: 'companies/duplicates',
        name: 'companies-duplicates',
        component: () => import('@/features/duplicates/DuplicatesPage.vue'),
        props: { list: 'COMPANIES' },
      },
      {
        path: 'companies/new',
        name: 'company-new',
        component: () => import('@/features/companies/CompanyNewPage.vue'),
      },
      {
        path: 'companies/:id',
        name: 'company',
        component: () => import('@/features/companies/CompanyPage.vue'),
        props: true,
      },
      { path: 'contacts', name: 'contacts', component: () => import('@/features/contacts/ContactListPage.vue') },
      {
        path: 'contacts/trash',
        name: 'contacts-trash',
        component: () => import('@/features/trash/TrashPage.vue'),
        props: { list: 'CONTACTS' },
      },
      {
        path: 'contacts/duplicates',
        name: 'contacts-duplicates',
        component: () => import('@/features/duplicates/DuplicatesPage.vue'),
        props: { list: 'CONTACTS' },
      },
      { path: 'contacts/new', name: 'contact-new', component: () => import('@/features/contacts/ContactNewPage.vue') },
      {
        path: 'contacts/:id',
        name: 'contact',
        component: () => import('@/features/contacts/ContactPage.vue'),
        props: true,
      },
      { path: 'events', name: 'events', component: () => import('@/features/events/EventListPage.vue') },
      {
        path: 'events/trash',
        name: 'events-trash',
        component: () => import('@/features/trash/TrashPage.vue'),
        props: { list: 'EVENTS' },
      },
      { path: 'events/new', name: 'event-new', component: () => import('@/features/events/EventFormPage.vue') },
      {
        path: 'events/:id',
        name: 'event',
        component: () => import('@/features/events/EventFormPage.vue'),
        props: true,
      },
      { path: 'quotes', name: 'quotes', component: () => import('@/features/finance/QuotesPage.vue') },
      { path: 'quotes/new', name: 'quote-new', component: () => import('@/features/finance/QuoteFormPage.vue') },
      {
        path: 'quotes/:id',
        name: 'quote',
        component: () => import('@/features/finance/QuoteFormPage.vue'),
        props: true,
      },
      { path: 'invoices', name: 'invoices', component: () => import('@/features/finance/ReceivablesPage.vue') },
      { path: 'invoices/new', name: 'invoice-new', component: () => import('@/features/finance/InvoiceFormPage.vue') },
      {
        path: 'invoices/:id',
        name: 'invoice',
        component: () => import('@/features/finance/InvoiceFormPage.vue'),
        props: true,
      },
      { path: 'search', name: 'search', component: () => import('@/features/search/SearchPage.vue') },
      { path: 'jobs', name: 'jobs', component: () => import('@/features/jobs/JobsPage.vue') },
      { path: 'tasks', name: 'tasks', component: () => import('@/features/activities/TasksPage.vue') },
      {
        path: 'activities/trash',
        name: 'activities-trash',
        component: () => import('@/features/trash/TrashPage.vue'),
        props: { list: 'ACTIVITIES' },
      },
      {
        path: 'documents/trash',
        name: 'documents-trash',
        component: () => import('@/features/trash/TrashPage.vue'),
        props: { list: 'DOCUMENTS' },
      },
      { path: 'outbox', name: 'outbox', component: () => import('@/features/email/OutboxPage.vue') },
      {
        path: 'settings/email-templates',
        name: 'email-templates',
        component: () => import('@/features/email/EmailTemplatesPage.vue'),
        meta: { requiresAdmin: true },
      },
      { path: 'import', name: 'import', component: () => import('@/features/import/ImportPage.vue') },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('@/features/settings/SettingsPage.vue'),
        meta: { requiresAdmin: true },
      },
      {
        path: 'settings/lists',
        name: 'settings-lists',
        component: () => import('@/features/settings/lists/SettingListsPage.vue'),
        meta: { requiresAdmin: true },
      },
      { path: 'pipeline', name: 'pipeline', component: () => import('@/features/pipeline/PipelinePage.vue') },
      {
        path: 'settings/custom-fields',
        name: 'settings-custom-fields',
        component: () => import('@/features/custom-fields/CustomFieldsSettingsPage.vue'),
        meta: { requiresAdmin: true },
      },
      {
        path: 'settings/page-templates',
        name: 'settings-page-templates',
        component: () => import('@/features/custom-pages/PageTemplatesPage.vue'),
        meta: { requiresAdmin: true },
      },
      {
        path: 'settings/pipeline',
        name: 'settings-pipeline',
        component: () => import('@/features/pipeline/PipelineSettingsPage.vue'),
        meta: { requiresAdmin: true },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
});

export function loginRoute(redirect?: string): RouteLocationRaw {
  return redirect && redirect !== '/' ? { name: 'login', query: { redirect } } : { name: 'login' };
}

/** A redirect target read from the query string, only if it is a path of this app. */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) {
    return '/';
  }
  return value;
}

/**
 * Set when the guard turned a plain user away from an admin page; the layout (inside the
 * message provider, which the router is not) shows why and clears it.
 */
export const refusedAdminPage = shallowRef<string | null>(null);

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  let user = currentUser();
  if (!user) {
    try {
      user = await loadSession();
    } catch (err) {
      if (isApiError(err, 'UNAUTHENTICATED')) return loginRoute(to.fullPath);
      // Server unreachable or failing: the layout shows the error and a retry button.
      return true;
    }
  }
  if (to.meta.requiresAdmin && user.role !== 'ADMIN') {
    refusedAdminPage.value = to.fullPath;
    return { name: 'home' };
  }
  return true;
});
