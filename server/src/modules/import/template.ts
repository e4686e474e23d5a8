import ExcelJS from 'exceljs';
import type { EntityManager } from 'typeorm';
import { IMPORT_FIELDS, OPTION_FIELDS } from './fields';

/** The example row of the template (a valid SIRET/VAT pair, French formats). */
const EXAMPLE: Record<string, string | number> = {
  createdAt: '15/01/2025',
  companyName: 'Exemple Événements SAS',
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  website: 'www.exemple-evenements.fr',
  accountingAccount: '411EXEMPLE',
  apeCode: '82.30Z',
  addressLine1: '12 rue de la Paix',
  postalCode: '75002',
  city: 'Paris',
  country: 'France',
  firstName: 'Camille',
  lastName: 'Martin',
  email: 'camille.martin@exemple-evenements.fr',
  phoneDirect: '01 42 68 53 00',
  phoneMobile: '06 12 34 56 78',
  linkedin: 'https://www.linkedin.com/in/camille-martin',
  comment: 'Rencontrée au salon Heavent 2024',
  optIn: 'Oui',
  position: 'Directrice de la communication',
};

/**
 * The import template: the seeds' columns with their French headers, one example row, and
 * drop-down lists (data validation) on the columns that take a settings value, filled with
 * the workspace's current values (kept on a hidden sheet, as Excel requires for long lists).
 */
export async function buildTemplate(manager: EntityManager): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CRM';
  const sheet = wb.addWorksheet('Import');
  const lists = wb.addWorksheet('Listes', { state: 'veryHidden' });
  sheet.columns = IMPORT_FIELDS.map((f) => ({ header: f.fr, key: f.key, width: Math.max(14, f.fr.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const options: { list: string; label: string }[] = await manager.query(
    'SELECT list, label FROM setting_option WHERE NOT hidden ORDER BY list, position, label',
  );
  const example: Record<string, string | number> = { ...EXAMPLE };
  const choices = OPTION_FIELDS.map((f) => ({
    ...f,
    labels: options.filter((o) => o.list === f.list).map((o) => o.label),
  }));
  for (const f of choices) if (f.labels.length) example[f.key] = f.labels[0];
  // The example row first: validations below touch rows 2 to 1000, and addRow appends after them.
  sheet.addRow(example);
  const validate = (key: string, formula: string, strict: boolean) => {
    const target = sheet.getColumn(IMPORT_FIELDS.findIndex((x) => x.key === key) + 1).letter;
    for (let r = 2; r <= 1000; r++) {
      sheet.getCell(`${target}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        showErrorMessage: strict,
        formulae: [formula],
      };
    }
  };
  choices.forEach((f, i) => {
    if (!f.labels.length) return;
    f.labels.forEach((l, r) => (lists.getCell(r + 1, i + 1).value = l));
    const letter = lists.getColumn(i + 1).letter;
    // A multi-value column (languages) accepts "Français, Anglais": its list only helps.
    validate(f.key, `Listes!$${letter}$1:$${letter}$${f.labels.length}`, !f.multiple);
  });
  validate('optIn', '"Oui,Non"', true);
  // Text format on identifier and phone columns, so Excel keeps their leading zeros.
  for (const key of ['siret', 'postalCode', 'phoneDirect', 'phoneSwitchboard', 'phoneMobile', 'accountingAccount']) {
    sheet.getColumn(IMPORT_FIELDS.findIndex((x) => x.key === key) + 1).numFmt = '@';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
