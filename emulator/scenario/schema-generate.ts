/**
 * The `generate:` section of a scenario: deterministic synthetic populations (users, groups,
 * computers, OUs) drawn from the seed, so a 100,000-user world is a few lines of YAML.
 * generate.ts expands it into ordinary entries after the explicit ones; docs/scenario-generate.md
 * documents every field.
 */
import { z } from 'zod';
import { DnsName, NameRef, OuPath } from './primitives.ts';

/** A share of a population, 0..1 (0.02 = 2 %). */
const Share = z.number().min(0).max(1);

/** A name prefix: the generated name is prefix + zero-padded number. */
const Prefix = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,13}$/, 'a prefix of 1..14 letters, digits, _ or - starting with a letter')
  .describe('name prefix; the number is appended zero-padded to the width of the largest one');

/** The most entries one generate block may create (a bound against a typo of a few zeros). */
export const MAX_GENERATED = 1_000_000;
const Count = z.number().int().min(0).max(MAX_GENERATED);

export const GenerateOusSchema = z
  .strictObject({
    count: Count.describe('number of OUs'),
    prefix: Prefix.default('OU'),
    parent: OuPath.optional().describe('OU path the generated OUs go under (created when not listed under ous:); default: the domain root'),
  })
  .describe('generated OUs: parent/prefix01, parent/prefix02, ...');

export const UpnShareSchema = z.strictObject({
  suffix: DnsName.describe('the UPN suffix: the domain or one of upnSuffixes'),
  share: z.number().positive().describe('relative weight; shares are normalised to their sum'),
});

export const GenerateUsersSchema = z
  .strictObject({
    count: Count.describe('number of users'),
    prefix: Prefix.default('user'),
    start: z.number().int().min(0).max(MAX_GENERATED).default(1).describe('number of the first user'),
    upnSuffixes: z.array(UpnShareSchema).min(1).optional().describe('UPN suffixes in proportions; default: all on the domain name'),
    ous: z.array(OuPath).min(1).optional().describe('OUs the users are spread over, round robin; default: the generated OUs, else CN=Users'),
    password: z
      .string()
      .min(1)
      .optional()
      .describe('password template: {sam} and {n} are replaced; default: a password derived from the seed per user'),
    groups: z.array(NameRef).default([]).describe('groups every generated user joins (scenario or well-known)'),
    groupsPerUser: z.number().int().min(0).max(64).default(1).describe('memberships in generated groups per user (spread evenly)'),
    disabled: Share.default(0).describe('share of disabled accounts'),
    locked: Share.default(0).describe('share of locked-out accounts'),
    passwordExpired: Share.default(0).describe('share with pwdLastSet = 0 (KDC_ERR_KEY_EXPIRED)'),
    accountExpired: Share.default(0).describe('share whose accountExpires is the scenario epoch (KDC_ERR_NAME_EXP)'),
    synced: Share.default(1).describe('share synced to the tenant as cloud users (the rest are filtered out of sync)'),
  })
  .describe('generated users: sAMAccountName prefix + number');

export const GenerateGroupsSchema = z
  .strictObject({
    count: Count.describe('number of groups'),
    prefix: Prefix.default('group'),
    scope: z.enum(['global', 'domainLocal', 'universal']).default('global'),
    nested: Share.default(0).describe('share of groups made a member of an earlier generated group (nesting, never a cycle)'),
    ous: z.array(OuPath).min(1).optional().describe('OUs the groups are spread over; default: CN=Users'),
  })
  .describe('generated groups');

export const GenerateComputersSchema = z
  .strictObject({
    count: Count.describe('number of computers'),
    prefix: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,13}$/, 'a prefix of 1..14 letters, digits or hyphens starting with a letter')
      .default('pc')
      .describe('computer name prefix (name = prefix + number, at most 15 characters)'),
    ous: z.array(OuPath).min(1).optional().describe('OUs the computers are spread over; default: CN=Computers'),
    os: z.string().optional().describe('operatingSystem of every generated computer'),
    spns: z
      .array(z.string().min(3))
      .default([])
      .describe('SPN templates added to a share of the computers: {name}, {fqdn} and {domain} are replaced, e.g. HTTP/{fqdn}'),
    spnShare: Share.default(1).describe('share of computers that get the spns templates'),
    disabled: Share.default(0).describe('share of disabled computer accounts'),
  })
  .describe('generated member computers');

export const GenerateSchema = z
  .strictObject({
    ous: GenerateOusSchema.optional(),
    groups: GenerateGroupsSchema.optional(),
    users: GenerateUsersSchema.optional(),
    computers: GenerateComputersSchema.optional(),
  })
  .describe('deterministic synthetic population drawn from the seed (docs/scenario-generate.md)');

export type GenerateSpec = z.output<typeof GenerateSchema>;
