export * from './base';
export { startBrevoFake } from './brevo';
export { startMailchimpFake } from './mailchimp';
export { contactIdOf, startMailjetFake } from './mailjet';
export { startSarbacaneFake } from './sarbacane';
export { startSmartProfileFake } from './smart-profile';
export { startEmailingWorker } from './worker';
