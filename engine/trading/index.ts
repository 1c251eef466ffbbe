/** The trading domain (pure): import from here outside `engine/trading`. */
export * from './decimal';
export * from './identifiers';
export * from './order';
export * from './order-events';
export * from './order-event-codec';
export * from './order-state-machine';
export * from './order-journal';
export * from './execution-client';
export * from './instrument-spec';
export * from './order-manager';
export * from './pre-trade';
export * from './kill-switch';
export * from './ledger';
export * from './position';
export * from './portfolio';
export * from './reconciliation';
export * from './pacing';
