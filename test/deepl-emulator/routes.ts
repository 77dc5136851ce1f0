import type { Handler } from './emulator-state.ts';
import * as glossaries from './handle-glossaries.ts';
import { handleGlossaryLanguagePairs, handleLanguages, handleUsage } from './handle-info.ts';
import { handleTranslate } from './handle-translate.ts';

/** The emulator's route table: method and path pattern → handler. */
export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ID = '([^/?]+)';

export const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/v2\/translate$/, handler: handleTranslate },
  { method: 'GET', pattern: /^\/v2\/usage$/, handler: handleUsage },
  { method: 'GET', pattern: /^\/v2\/languages$/, handler: handleLanguages },
  { method: 'GET', pattern: /^\/v2\/glossary-language-pairs$/, handler: handleGlossaryLanguagePairs },
  { method: 'POST', pattern: /^\/v2\/glossaries$/, handler: glossaries.createGlossaryV2 },
  { method: 'GET', pattern: /^\/v2\/glossaries$/, handler: glossaries.listGlossariesV2 },
  { method: 'GET', pattern: new RegExp(`^/v2/glossaries/${ID}$`), handler: glossaries.getGlossaryV2 },
  { method: 'GET', pattern: new RegExp(`^/v2/glossaries/${ID}/entries$`), handler: glossaries.getGlossaryEntriesV2 },
  { method: 'DELETE', pattern: new RegExp(`^/v2/glossaries/${ID}$`), handler: glossaries.deleteGlossary },
  { method: 'POST', pattern: /^\/v3\/glossaries$/, handler: glossaries.createGlossaryV3 },
  { method: 'GET', pattern: /^\/v3\/glossaries$/, handler: glossaries.listGlossariesV3 },
  { method: 'GET', pattern: new RegExp(`^/v3/glossaries/${ID}$`), handler: glossaries.getGlossaryV3 },
  { method: 'PATCH', pattern: new RegExp(`^/v3/glossaries/${ID}$`), handler: glossaries.patchGlossaryV3 },
  { method: 'DELETE', pattern: new RegExp(`^/v3/glossaries/${ID}$`), handler: glossaries.deleteGlossary },
  { method: 'GET', pattern: new RegExp(`^/v3/glossaries/${ID}/entries$`), handler: glossaries.getGlossaryEntriesV3 },
  { method: 'PUT', pattern: new RegExp(`^/v3/glossaries/${ID}/dictionaries$`), handler: glossaries.putDictionaryV3 },
  { method: 'DELETE', pattern: new RegExp(`^/v3/glossaries/${ID}/dictionaries$`), handler: glossaries.deleteDictionaryV3 },
];
