import type { Config } from 'jest';

// SWC compiles TypeScript with decorator metadata (type-graphql and TypeORM need it).
const transform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

const config: Config = {
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/test/global-teardown.ts',
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/server/**/*.test.ts', '<rootDir>/migrations/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.isolated\\.test\\.ts$'],
      setupFiles: ['reflect-metadata'],
    },
    {
      // Tests that kill processes, cut every database connection or empty the queue: they
      // run alone, after the others (npm test runs this project in band, last).
      displayName: 'isolated',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/server/**/*.isolated.test.ts'],
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'web',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/web/**/*.test.ts'],
      moduleNameMapper: { '^@/(.*)$': '<rootDir>/web/src/$1' },
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/e2e/**/*.test.ts'],
      setupFiles: ['reflect-metadata'],
    },
  ],
  testTimeout: 60_000,
};

export default config;
