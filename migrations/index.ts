import { Activities1764417600000 } from './1764417600000-Activities';
import { ClientRecords1764316800000 } from './1764316800000-ClientRecords';
import { Events1764403200000 } from './1764403200000-Events';
import { Foundation1764230400000 } from './1764230400000-Foundation';
import { QuotesInvoices1764748800000 } from './1764748800000-QuotesInvoices';
import { ListViews1764489600000 } from './1764489600000-ListViews';
import { Search1764576000000 } from './1764576000000-Search';
import { ActivitiesEmailDocuments1764662400000 } from './1764662400000-ActivitiesEmailDocuments';
import { Imports1764835200000 } from './1764835200000-Imports';
import { Emailing1764921600000 } from './1764921600000-Emailing';
import { CustomFieldsPipeline1765008000000 } from './1765008000000-CustomFieldsPipeline';
import { ImportXlsAnalyze1765267200000 } from './1765267200000-ImportXlsAnalyze';
import { UserManagement1765526400000 } from './1765526400000-UserManagement';
import { SystemMail1765612800000 } from './1765612800000-SystemMail';
import { TrashIndexes1765699200000 } from './1765699200000-TrashIndexes';
import { ApiKeyCreatorRole1765785600000 } from './1765785600000-ApiKeyCreatorRole';
import { NameCollation1765958400000 } from './1765958400000-NameCollation';
import { DuplicateCompanyName1766044800000 } from './1766044800000-DuplicateCompanyName';
import { ConsentMethod1766131200000 } from './1766131200000-ConsentMethod';
import { DuplicatePairs1766217600000 } from './1766217600000-DuplicatePairs';
import { ContactNameDescIndex1766224800000 } from './1766224800000-ContactNameDescIndex';
import { EmptyBillingAddresses1766304000000 } from './1766304000000-EmptyBillingAddresses';
import { ContactIndexDiet1766476800000 } from './1766476800000-ContactIndexDiet';
import { WorkspaceLegalIdentity1766563200000 } from './1766563200000-WorkspaceLegalIdentity';
import { InvoicePayments1766649600000 } from './1766649600000-InvoicePayments';
import { EventSoftDelete1766736000000 } from './1766736000000-EventSoftDelete';
import { EmailRecipientsTimeline1766908800000 } from './1766908800000-EmailRecipientsTimeline';
import { ApiKeyUsage1767168000000 } from './1767168000000-ApiKeyUsage';
import { DocumentBillingChoice1767427200000 } from './1767427200000-DocumentBillingChoice';
import { FinanceDocumentEmail1767513600000 } from './1767513600000-FinanceDocumentEmail';
import { ActivityDocumentTrash1767600000000 } from './1767600000000-ActivityDocumentTrash';
import { ImportBillingAddress1767859200000 } from './1767859200000-ImportBillingAddress';
import { DepositInvoices1767945600000 } from './1767945600000-DepositInvoices';
import { ErasureAddressRetention1768032000000 } from './1768032000000-ErasureAddressRetention';
import { RecordVersions1768118400000 } from './1768118400000-RecordVersions';

/** Every migration, in order. `npm run migration:create -- <Name>` adds a new one here. */
export const migrations = [
  Foundation1764230400000,
  ClientRecords1764316800000,
  Events1764403200000,
  Activities1764417600000,
  QuotesInvoices1764748800000,
  ListViews1764489600000,
  Search1764576000000,
  ActivitiesEmailDocuments1764662400000,
  Imports1764835200000,
  Emailing1764921600000,
  CustomFieldsPipeline1765008000000,
  ImportXlsAnalyze1765267200000,
  UserManagement1765526400000,
  SystemMail1765612800000,
  TrashIndexes1765699200000,
  ApiKeyCreatorRole1765785600000,
  NameCollation1765958400000,
  DuplicateCompanyName1766044800000,
  ConsentMethod1766131200000,
  DuplicatePairs1766217600000,
  ContactNameDescIndex1766224800000,
  EmptyBillingAddresses1766304000000,
  ContactIndexDiet1766476800000,
  WorkspaceLegalIdentity1766563200000,
  InvoicePayments1766649600000,
  EventSoftDelete1766736000000,
  EmailRecipientsTimeline1766908800000,
  ApiKeyUsage1767168000000,
  DocumentBillingChoice1767427200000,
  FinanceDocumentEmail1767513600000,
  ActivityDocumentTrash1767600000000,
  ImportBillingAddress1767859200000,
  DepositInvoices1767945600000,
  ErasureAddressRetention1768032000000,
  RecordVersions1768118400000,
];
