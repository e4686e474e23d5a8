import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'web/src/gql/', 'coverage/', 'test-artifacts/', 'storage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['web/**/*.{ts,vue}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['server/**/*.ts', 'migrations/**/*.ts', 'e2e/**/*.ts', 'scripts/**/*.{js,mjs}', '*.{ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // tsc compiles the server to CommonJS, where a local named `exports` hides the module's own:
    // every exported constant read in that function then throws (GDPR erasure failed so in the
    // build, while jest, compiling with SWC, passed).
    files: ['server/**/*.ts', 'migrations/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            ':matches(VariableDeclarator, FunctionDeclaration, ClassDeclaration) > Identifier.id[name=/^(exports|module|require)$/]',
          message: 'Do not name a local `exports`, `module` or `require`: it hides CommonJS names in the build.',
        },
        {
          selector: ':function > Identifier.params[name=/^(exports|module|require)$/]',
          message: 'Do not name a parameter `exports`, `module` or `require`: it hides CommonJS names in the build.',
        },
      ],
    },
  },
  {
    // Test-only CommonJS helpers loaded with `node -r` by child processes.
    files: ['server/test/**/*.js'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
    },
  },
  prettier,
);
