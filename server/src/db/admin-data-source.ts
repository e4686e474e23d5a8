// Entry point for the TypeORM CLI (npm run migration:generate).
import { loadConfig } from '../config/env';
import { createAdminDataSource } from './data-sources';

export default createAdminDataSource(loadConfig());
