export { CcxtBroker, type CcxtBrokerOptions } from './ccxt-broker';
export { openCcxtBroker, type OpenCcxtBrokerOptions } from './open-ccxt-broker';
export { executionErrorKind, toExecutionError } from './ccxt-errors';
