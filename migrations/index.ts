import { Activities1764417600000 } from './1764417600000-Activities';
import { ClientRecords1764316800000 } from './1764316800000-ClientRecords';
import { Events1764403200000 } from './1764403200000-Events';
import { Foundation1764230400000 } from './1764230400000-Foundation';
import { CustomFieldsPipeline1765008000000 } from './1765008000000-CustomFieldsPipeline';

/** Every migration, in order. A new one (npm run migration:generate) is added here. */
export const migrations = [
  Foundation1764230400000,
  ClientRecords1764316800000,
  Events1764403200000,
  Activities1764417600000,
  CustomFieldsPipeline1765008000000,
];
