import 'i18next';
import type documents from '../../src/i18n/locales/en/documents.json';
import type portal from '../../src/i18n/locales/en/portal.json';
import type staff from '../../src/i18n/locales/en/staff.json';

// English is the source language: message keys are checked against its files.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'portal';
    resources: { portal: typeof portal; staff: typeof staff; documents: typeof documents };
  }
}
