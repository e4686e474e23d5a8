import type { Catalog } from '../../common/i18n';

/** Messages of user management and invitations, in French and English (added to the catalog in common/i18n.ts). */
export const userMessages = {
  'entity.Invitation': { fr: 'Invitation', en: 'Invitation' },
  'user.lastAdmin': {
    fr: "L'espace de travail doit garder au moins un administrateur actif : nommez-en un autre d'abord.",
    en: 'The workspace must keep at least one active admin: make someone else an admin first.',
  },
  'user.cannotDeactivateSelf': {
    fr: 'Vous ne pouvez pas désactiver votre propre compte.',
    en: 'You cannot deactivate your own account.',
  },
  'user.notInvited': {
    fr: 'Cet utilisateur a déjà choisi son mot de passe : il n’y a pas d’invitation à renvoyer.',
    en: 'This user has already chosen a password: there is no invitation to resend.',
  },
  'user.deactivated': {
    fr: 'Cet utilisateur est désactivé : réactivez-le d’abord.',
    en: 'This user is deactivated: reactivate them first.',
  },
  'user.wrongPassword': {
    fr: 'Mot de passe incorrect : saisissez le mot de passe de votre compte.',
    en: 'Wrong password: type the password of your account.',
  },
  'user.sessionRequired': {
    fr: 'La gestion des utilisateurs se fait depuis une session administrateur, pas avec une clé API.',
    en: 'Users are managed from an admin session, not with an API key.',
  },
  'invitation.invalid': {
    fr: 'Ce lien d’invitation est invalide.',
    en: 'This invitation link is invalid.',
  },
  'invitation.expired': {
    fr: 'Ce lien d’invitation a expiré : demandez à un administrateur de vous le renvoyer.',
    en: 'This invitation link has expired: ask an admin to send it again.',
  },
  'invitation.used': {
    fr: 'Ce lien d’invitation a déjà servi (ou a été remplacé par un plus récent).',
    en: 'This invitation link was already used (or replaced by a newer one).',
  },
  'invitation.mail.subject': {
    fr: 'Invitation à rejoindre {workspace}',
    en: 'Invitation to join {workspace}',
  },
  'invitation.mail.body': {
    fr: 'Bonjour {name},\n\n{inviter} vous invite à rejoindre l’espace « {workspace} » du CRM.\n\nChoisissez votre mot de passe en ouvrant ce lien (valable jusqu’au {expires}) :\n{link}\n\nSi vous ne vous attendiez pas à cette invitation, ignorez ce message.',
    en: 'Hello {name},\n\n{inviter} invites you to join the “{workspace}” workspace of the CRM.\n\nChoose your password by opening this link (valid until {expires}):\n{link}\n\nIf you did not expect this invitation, ignore this message.',
  },
} satisfies Catalog;
