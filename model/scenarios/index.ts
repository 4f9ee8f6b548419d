export { DNS_SCENARIOS, type DnsScenario, type DnsScenarioSetup, findDnsScenario, UNLISTED_DNS } from './dns.ts';
export { findScenario, SCENARIOS, type Scenario } from './scenarios.ts';
