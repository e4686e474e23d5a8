import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import type { AppDeps } from '../app-deps';
import type { Actor } from '../common/actor';
import type { Ctx } from '../common/context';
import { AppError } from '../common/errors';
import { TenantScope } from '../db/tenant-scope';
import { ActivityKind } from '../modules/activity/activity.entity';
import { TASK_TIME_ZONE, createActivity } from '../modules/activity/activity.service';
import { endOfDayIn } from '../modules/activity/task-assignment';
import { createCompany } from '../modules/company/company.service';
import { createContact } from '../modules/contact/contact.service';
import { EventStatus } from '../modules/event/event.entity';
import { createEvent } from '../modules/event/event.service';
import { createQuote } from '../modules/finance/quote.service';
import { SettingList } from '../modules/settings/setting-option.entity';
import { UserRole } from '../modules/user/user.entity';
import { updateLegalIdentity } from '../modules/workspace/workspace-legal';

/**
 * A few clients of an event agency for the demo workspace, so that a first look at the
 * product shows lists, a pipeline, a timeline and a quote rather than empty pages. They go
 * through the same services as the API (validation, audit, search document), as the admin.
 */
interface DemoPerson {
  civility: string;
  firstName: string;
  lastName: string;
  position: string;
  phone: string;
  progress: string;
  source: string;
}

interface DemoClient {
  name: string;
  type: string;
  siret: string | null;
  address: string;
  postalCode: string;
  city: string;
  website: string | null;
  people: DemoPerson[];
  event?: { name: string; inDays: number; days: number; venue: string; guests: number; status: EventStatus };
  note?: string;
}

const person = (
  civility: string,
  firstName: string,
  lastName: string,
  position: string,
  phone: string,
  progress: string,
  source: string,
): DemoPerson => ({ civility, firstName, lastName, position, phone, progress, source });

const CLIENTS: DemoClient[] = [
  {
    name: 'Groupe Horizon Conseil',
    type: 'Entreprise',
    siret: '73282932000074',
    address: '12 rue de la Paix',
    postalCode: '75002',
    city: 'Paris',
    website: 'https://horizon-conseil.example',
    people: [
      person(
        'Mme',
        'Claire',
        'Dubois',
        'Directrice communication',
        '0142965010',
        'Proposition envoyée',
        'Recommandation',
      ),
      person('M.', 'Antoine', 'Garnier', 'Office manager', '0142965011', 'Premier contact', 'Recommandation'),
    ],
    event: {
      name: 'Séminaire annuel',
      inDays: 45,
      days: 2,
      venue: 'Château de Chantilly',
      guests: 120,
      status: EventStatus.OPTION,
    },
    note: 'Souhaite un lieu à moins d’une heure de Paris, avec hébergement.',
  },
  {
    name: 'Maison Lefèvre Traiteur',
    type: 'Entreprise',
    siret: '44306184100047',
    address: '8 quai Saint-Vincent',
    postalCode: '69001',
    city: 'Lyon',
    website: null,
    people: [person('M.', 'Julien', 'Lefèvre', 'Gérant', '0478284512', 'Gagné', 'Salon / événement')],
    event: {
      name: 'Dégustation clients',
      inDays: 12,
      days: 1,
      venue: 'Les Docks, Lyon',
      guests: 60,
      status: EventStatus.CONFIRMED,
    },
  },
  {
    name: 'Association des Vins de Loire',
    type: 'Association',
    siret: null,
    address: '3 place du Ralliement',
    postalCode: '49100',
    city: 'Angers',
    website: 'https://vins-de-loire.example',
    people: [
      person('Mme', 'Sophie', 'Martin', 'Présidente', '0241874520', 'Négociation', 'Prospection'),
      person('M.', 'Hugo', 'Bernard', 'Trésorier', '0241874521', 'À qualifier', 'Prospection'),
    ],
    event: {
      name: 'Salon des vignerons',
      inDays: 90,
      days: 3,
      venue: 'Parc des expositions d’Angers',
      guests: 800,
      status: EventStatus.OPTION,
    },
  },
  {
    name: 'Cabinet Moreau Avocats',
    type: 'Entreprise',
    siret: '51234567900017',
    address: '45 cours de l’Intendance',
    postalCode: '33000',
    city: 'Bordeaux',
    website: null,
    people: [person('Maître', 'Isabelle', 'Moreau', 'Associée', '0556441230', 'Premier contact', 'Site web')],
    note: 'Dîner de fin d’année pour 40 personnes, budget à confirmer.',
  },
  {
    name: 'Mairie de Saint-Malo',
    type: 'Administration',
    siret: '21350288300019',
    address: 'Place Chateaubriand',
    postalCode: '35400',
    city: 'Saint-Malo',
    website: 'https://saint-malo.example',
    people: [person('M.', 'Yann', 'Le Gall', 'Chargé des événements', '0299406060', 'Perdu', 'Emailing')],
  },
  {
    name: 'Nova Tech Solutions',
    type: 'Entreprise',
    siret: '81234567600025',
    address: '2 avenue Jean Médecin',
    postalCode: '06000',
    city: 'Nice',
    website: 'https://novatech.example',
    people: [
      person('Mme', 'Léa', 'Rousseau', 'Responsable RH', '0493112233', 'Proposition envoyée', 'Réseaux sociaux'),
      person('M.', 'Karim', 'Benali', 'Directeur général', '0493112234', 'Négociation', 'Réseaux sociaux'),
      person('Mme', 'Emma', 'Petit', 'Assistante de direction', '0493112235', 'À qualifier', 'Réseaux sociaux'),
    ],
    event: {
      name: 'Soirée de lancement produit',
      inDays: 30,
      days: 1,
      venue: 'Palais de la Méditerranée',
      guests: 250,
      status: EventStatus.CONFIRMED,
    },
  },
  {
    name: 'Fondation Arts & Lumière',
    type: 'Association',
    siret: null,
    address: '18 rue Sainte-Catherine',
    postalCode: '13001',
    city: 'Marseille',
    website: null,
    people: [person('Docteur', 'Marc', 'Fontaine', 'Directeur', '0491556677', 'Gagné', 'Recommandation')],
    event: {
      name: 'Gala de charité',
      inDays: -20,
      days: 1,
      venue: 'Palais du Pharo',
      guests: 300,
      status: EventStatus.DONE,
    },
  },
  {
    name: 'Boulangeries Durand',
    type: 'Entreprise',
    siret: '39876543800013',
    address: '27 rue Nationale',
    postalCode: '59000',
    city: 'Lille',
    website: null,
    people: [person('M.', 'Paul', 'Durand', 'Président', '0320547890', 'À qualifier', 'Autre')],
  },
];

/** The admin acting, as a job would: the full rights of the workspace's first admin. */
function adminActor(workspaceId: string, adminId: string): Actor {
  return {
    workspaceId,
    userId: adminId,
    role: UserRole.ADMIN,
    apiKeyId: null,
    scope: ApiKeyScope.READ_WRITE,
    locale: 'fr',
  };
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Creates the demo clients in one workspace transaction (all or nothing). */
export async function seedDemoData(deps: AppDeps, workspaceId: string, adminId: string): Promise<number> {
  const scope = new TenantScope(deps.dataSource, workspaceId, adminId);
  const ctx: Ctx = { actor: adminActor(workspaceId, adminId), scope, deps };
  try {
    const manager = await scope.manager();
    const options: { id: string; list: SettingList; label: string }[] = await manager.query(
      'SELECT id, list, label FROM setting_option',
    );
    const option = (list: SettingList, label: string) => {
      const found = options.find((o) => o.list === list && o.label === label);
      if (!found) throw new Error(`Demo data: no ${list} "${label}" in the default settings`);
      return found.id;
    };
    const contactFields = (p: DemoPerson, domain: string) => ({
      civilityId: option(SettingList.CIVILITY, p.civility),
      firstName: p.firstName,
      lastName: p.lastName,
      email: `${p.firstName}.${p.lastName}@${domain}`
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/\s+/g, '')
        .toLowerCase(),
      position: p.position,
      phoneDirect: p.phone,
      progressStateId: option(SettingList.PROGRESS_STATE, p.progress),
      sourceId: option(SettingList.SOURCE, p.source),
      optIn: true,
    });
    let quoted = false;
    for (const client of CLIENTS) {
      // The website's domain, else the name's: "Cabinet Moreau Avocats" → cabinet-moreau-avocats.example
      const domain = client.website
        ? new URL(client.website).hostname
        : `${client.name
            .normalize('NFD')
            .replace(/[^A-Za-z ]/g, '')
            .trim()
            .replace(/\s+/g, '-')
            .toLowerCase()}.example`;
      const [main, ...others] = client.people;
      const company = await createCompany(ctx, {
        name: client.name,
        companyTypeId: option(SettingList.COMPANY_TYPE, client.type),
        siret: client.siret,
        addressLine1: client.address,
        postalCode: client.postalCode,
        city: client.city,
        website: client.website,
        languageIds: [option(SettingList.LANGUAGE, 'Français')],
        mainContact: contactFields(main, domain),
      });
      for (const other of others) await createContact(ctx, { ...contactFields(other, domain), companyId: company.id });
      const category = option(SettingList.ACTIVITY_CATEGORY, client.event ? 'Suivi client' : 'Prospection');
      await createActivity(ctx, {
        kind: ActivityKind.CALL,
        contactId: company.mainContactId,
        categoryId: category,
        comment: `Appel de découverte avec ${main.firstName} ${main.lastName}.`,
        occurredAt: new Date(Date.now() - 7 * 86_400_000),
      });
      if (client.note)
        await createActivity(ctx, {
          kind: ActivityKind.INFO,
          companyId: company.id,
          categoryId: category,
          comment: client.note,
        });
      if (!client.event) continue;
      const e = client.event;
      const event = await createEvent(ctx, {
        companyId: company.id,
        name: e.name,
        startDate: isoDay(e.inDays),
        endDate: isoDay(e.inDays + e.days - 1),
        venue: e.venue,
        guestCount: e.guests,
        status: e.status,
        contactIds: [company.mainContactId as string],
      });
      if (!quoted && e.status === EventStatus.OPTION) {
        quoted = true;
        await createActivity(ctx, {
          kind: ActivityKind.TASK,
          contactId: company.mainContactId,
          categoryId: category,
          comment: `Relancer ${main.firstName} ${main.lastName} sur le devis « ${e.name} »`,
          // A day, as the app's date picker sets one: shown and mailed without a clock time.
          deadline: endOfDayIn(new Date(Date.now() + 3 * 86_400_000), TASK_TIME_ZONE),
        });
        await createQuote(ctx, {
          companyId: company.id,
          contactId: company.mainContactId,
          eventId: event.id,
          notes: 'Acompte de 30 % à la signature.',
          lines: [
            {
              description: `Location du lieu (${e.days} jours)`,
              quantity: String(e.days),
              unitPrice: '4500',
              vatRate: '20',
            },
            { description: 'Cocktail déjeunatoire', quantity: String(e.guests), unitPrice: '38.50', vatRate: '10' },
            {
              description: 'Coordination sur place',
              quantity: '1',
              unitPrice: '1200',
              vatRate: '20',
              discountPercent: '10',
            },
          ],
        });
      }
    }
    await scope.finish(true);
    return CLIENTS.length;
  } catch (err) {
    await scope.finish(false);
    // An operator reading the console needs the field that was refused, not just "bad input".
    if (err instanceof AppError && err.fields.length)
      throw new Error(`Demo data refused: ${JSON.stringify(err.fields)}`, { cause: err });
    throw err;
  }
}

/**
 * The demo agency's legal identity, so that its printed quotes and invoices show a complete
 * seller block. Fictional: the SIRET and VAT number only pass the checksums.
 */
export async function seedDemoLegalIdentity(deps: AppDeps, workspaceId: string, adminId: string): Promise<void> {
  const scope = new TenantScope(deps.dataSource, workspaceId, adminId);
  try {
    await updateLegalIdentity(
      { actor: adminActor(workspaceId, adminId), scope, deps },
      {
        legalName: 'Agence Démo Événements',
        addressLine1: '25 rue du Faubourg Saint-Antoine',
        postalCode: '75011',
        city: 'Paris',
        country: 'France',
        siret: '91234567500017',
        vatNumber: 'FR65912345675',
        legalForm: 'SAS',
        shareCapital: '10000',
        rcsCity: 'Paris',
      },
    );
    await scope.finish(true);
  } catch (err) {
    await scope.finish(false);
    throw err;
  }
}
