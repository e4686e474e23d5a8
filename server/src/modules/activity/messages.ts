import type { Catalog } from '../../common/i18n';

/** Messages of activities and tasks, in French and English (added to the catalog in common/i18n.ts). */
export const activityMessages = {
  'entity.Activity': { fr: 'Activité', en: 'Activity' },
  'trash.notDeleted': { fr: "Cet élément n'est pas dans la corbeille.", en: 'This item is not in the trash.' },
  'trash.recordDeleted': {
    fr: 'La fiche de cet élément ({record}) est dans la corbeille : restaurez-la d’abord.',
    en: "This item's record ({record}) is in the trash: restore it first.",
  },
  'record.exactlyOne': {
    fr: 'Indiquez une société ou un contact (un seul des deux).',
    en: 'Give a company or a contact (exactly one of them).',
  },
  'record.userUnknown': {
    fr: "Cet utilisateur n'est pas un utilisateur actif de l'espace.",
    en: 'This is not an active user of the workspace.',
  },
  'activity.emailKind': {
    fr: 'Un email se crée en l’envoyant (sendEmail), pas comme une activité.',
    en: 'An email activity is created by sending the email (sendEmail).',
  },
  'activity.taskOnly': {
    fr: 'Seule une tâche a un responsable, une échéance et un statut.',
    en: 'Only a task has an assignee, a deadline and a status.',
  },
  'activity.dateRange': {
    fr: 'Date invalide : l’année doit être entre {min} et {max}.',
    en: 'Invalid date: the year must be between {min} and {max}.',
  },
  'activity.infoOnly': {
    fr: 'Seule une info peut créer une tâche liée.',
    en: 'Only an info can create a linked task.',
  },
  'activity.alreadyLinked': {
    fr: 'Cette info a déjà une tâche liée.',
    en: 'This info already has a linked task.',
  },
  'activity.notATask': { fr: "Cette activité n'est pas une tâche.", en: 'This activity is not a task.' },
  'task.assigneeOrAll': {
    fr: 'Choisissez un responsable ou tous les responsables, pas les deux.',
    en: 'Give an assignee or ask for every assignee, not both.',
  },
  'task.reassignSame': {
    fr: 'Choisissez un autre utilisateur que celui qui a les tâches.',
    en: 'Pick a user other than the one who has the tasks.',
  },
  'task.done': { fr: 'Cette tâche est déjà terminée.', en: 'This task is already done.' },
  'task.postponeEarlier': {
    fr: "La nouvelle échéance doit être postérieure à l'échéance actuelle.",
    en: 'The new deadline must be later than the current one.',
  },
  'task.assigneeRequired': {
    fr: 'Indiquez qui doit faire la tâche, ou laissez vide si nécessaire pour vous-même.',
    en: 'Say who must do the task.',
  },
  'task.mail.subject': {
    fr: 'Nouvelle tâche pour vous : {record}',
    en: 'A new task for you: {record}',
  },
  'task.mail.body': {
    fr: 'Bonjour {name},\n\n{assigner} vous a attribué une tâche sur {recordKind} « {record} ».\n\nÉchéance : {deadline}\n{comment}\nOuvrir la fiche : {link}\n\nVos tâches à faire sont aussi sur la page d’accueil du CRM.',
    en: 'Hello {name},\n\n{assigner} assigned you a task on {recordKind} “{record}”.\n\nDeadline: {deadline}\n{comment}\nOpen the record: {link}\n\nYour open tasks are also on the CRM’s home page.',
  },
  'task.mail.comment': { fr: 'Commentaire :\n{comment}\n', en: 'Comment:\n{comment}\n' },
  'task.mail.company': { fr: 'la société', en: 'the company' },
  'task.mail.contact': { fr: 'le contact', en: 'the contact' },
  'task.mail.digestSubject': { fr: '{count} nouvelles tâches pour vous', en: '{count} new tasks for you' },
  'task.mail.digestBody': {
    fr: 'Bonjour {name},\n\n{assigner} vous a attribué {count} tâches :\n\n{tasks}\n{more}Toutes vos tâches à faire : {tasksLink}\n',
    en: 'Hello {name},\n\n{assigner} assigned you {count} tasks:\n\n{tasks}\n{more}All your open tasks: {tasksLink}\n',
  },
  'task.mail.digestItem': {
    fr: '• {title}\n  Sur {recordKind} « {record} »\n  Échéance : {deadline}\n  Ouvrir la fiche : {link}\n',
    en: '• {title}\n  On {recordKind} “{record}”\n  Deadline: {deadline}\n  Open the record: {link}\n',
  },
  'task.mail.digestMore': {
    fr: '… et {count} autres tâches, sur la page des tâches.\n\n',
    en: '… and {count} more tasks, on the tasks page.\n\n',
  },
  'task.mail.untitled': { fr: 'Tâche', en: 'Task' },
} satisfies Catalog;
