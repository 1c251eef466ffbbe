export { PaperBroker, type PaperBar, type PaperBrokerOptions, type PaperVenueState } from './paper-broker';
