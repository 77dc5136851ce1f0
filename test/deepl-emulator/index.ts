export { startDeepLEmulator, DEFAULT_EMULATOR_KEY, MAX_TEXTS, MAX_BODY_BYTES } from './start-deepl-emulator.ts';
export type { DeepLEmulator, DeepLEmulatorOptions } from './start-deepl-emulator.ts';
export type { DeepLFaults, FaultSpec } from './fault-plan.ts';
export type { RecordedRequest } from './emulator-state.ts';
export { fakeTranslate } from './fake-translate.ts';
export type { FakeTranslateOptions } from './fake-translate.ts';
export { billedCharactersOf } from './handle-translate.ts';
