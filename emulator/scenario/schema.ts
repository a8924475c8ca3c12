/**
 * The scenario file schema (zod 4): one YAML file describes a whole hybrid world. The JSON Schema
 * for editors is generated from this same source (`scenarioJsonSchema`, `ctlab schema`).
 */
import { z } from 'zod';
import {
  AzureADKerberosSchema,
  BuiltinsSchema,
  ComputerSchema,
  DcSchema,
  DEFAULT_SITE,
  DomainSchema,
  GroupSchema,
  KerberosPolicySchema,
  SiteSchema,
  UserSchema,
} from './schema-onprem.ts';
import { ClientSchema, EntraSchema, ExpectationSchema, FaultsSchema, TenantSchema } from './schema-cloud.ts';
import { DnsName, IsoTime, OuPath } from './primitives.ts';
import { SysvolSchema } from './schema-sysvol.ts';
import { GenerateSchema } from './schema-generate.ts';
import { ExerciseSchema } from './schema-exercise.ts';

export const DEFAULT_EPOCH = '2024-01-01T00:00:00Z';

export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('editor hint, ignored'),
    name: z.string().min(1).optional().describe('default: the file name without .yaml'),
    description: z.string().optional(),
    seed: z.string().min(1).optional().describe('seed of every derived SID, GUID and password; default: the domain DNS name'),
    epoch: IsoTime.default(DEFAULT_EPOCH).describe('creation time of the directory; every whenCreated follows it'),
    domain: DomainSchema,
    kerberos: KerberosPolicySchema.prefault({}),
    upnSuffixes: z.array(DnsName).default([]).describe('alternative UPN suffixes (uPNSuffixes on CN=Partitions)'),
    unpublishedUpnSuffixes: z
      .array(DnsName)
      .default([])
      .describe("UPN suffixes users carry that are missing from the forest's uPNSuffixes (set past the ADUC check): the KDC does not find an account by such a UPN"),
    sites: z.array(SiteSchema).min(1).default([{ name: DEFAULT_SITE, subnets: [] }]),
    dcs: z.array(DcSchema).min(1).default([{ name: 'dc1', address: '127.0.0.1', os: 'Windows Server 2022', readOnly: false, globalCatalog: true, rodcPacRequestorEnforced: true }]),
    ous: z.array(OuPath).default([]).describe('OUs below the domain, parents first: [Corp, Corp/Staff]'),
    groups: z.array(GroupSchema).default([]),
    users: z.array(UserSchema).default([]),
    computers: z.array(ComputerSchema).default([]),
    generate: GenerateSchema.optional(),
    builtin: BuiltinsSchema.prefault({}),
    azureADKerberos: AzureADKerberosSchema.prefault({}),
    sysvol: SysvolSchema.prefault({}),
    tenant: TenantSchema.prefault({}),
    entra: EntraSchema.prefault({}),
    client: ClientSchema.prefault({}),
    faults: FaultsSchema.prefault({}),
    expect: z.array(ExpectationSchema).default([]).describe('expected outcomes per user and step: what ctlab test checks'),
    exercise: ExerciseSchema.optional(),
  })
  .describe('cloudtrust-lab scenario: one hybrid AD + Entra ID world');

/** The scenario as parsed: static defaults filled, derived ones not yet (see defaults.ts). */
export type ParsedScenario = z.output<typeof ScenarioSchema>;
/** The scenario as written in a file. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** JSON Schema (draft 2020-12) of a scenario file, as editors consume it. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://cloudtrust-lab.invalid/scenario.schema.json',
    title: 'cloudtrust-lab scenario',
  };
}
