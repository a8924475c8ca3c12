/** The Kerberos server admin API: operations (kerberos-server.ts) served over loopback HTTP (server.ts). */
export { AdminError, type AdminErrorCode } from './errors.ts';
export { KerberosServerAdmin, ROTATION_INTERVAL_MS, type KerberosServerState, type RotateOptions } from './kerberos-server.ts';
export { ADMIN_PORT_ENV, AdminServer, DEFAULT_ADMIN_PORT, loopbackFor } from './server.ts';
export { KERBEROS_SERVER_FIELDS, type KerberosServerField, type KerberosServerView } from './view.ts';
export { LabAdmin, MAX_SCENARIO_BODY, MAX_SCENARIO_TEXT, type LabControl, type ScenarioSource, type ScenarioView } from './lab-admin.ts';
export { applyFaultSwitches, faultState, parseFaultSwitches, SWITCH_NAMES, type FaultState, type FaultSwitches } from './fault-switches.ts';
