/**
 * A scenario's training exercise (the training page, docs/training-page.md): the fault is the
 * scenario itself (hidden from the trainee: the page does not highlight disagreements until the
 * exercise is solved), the symptom is what the trainee is told, the answer is one diagnosis of the
 * catalogue below. The page offers the whole catalogue, so the answer is not given away.
 */
import { z } from 'zod';

/** The diagnoses a trainee chooses from: id → what it says. */
export const DIAGNOSES = {
  'key-version-mismatch': "krbtgt_AzureAD's key was rotated on one side only (KeyVersion ≠ CloudKeyVersion)",
  'kerberos-server-missing': 'The Kerberos server object is missing on one side (AzureADKerberos or the KerberosDomain)',
  'user-never-revealed': 'The user is in a group the AzureADKerberos RODC never reveals (msDS-NeverRevealGroup)',
  'onprem-sid-missing': "The synced user's onPremisesSecurityIdentifier is missing in the tenant",
  'onprem-domain-missing': "The synced user's onPremisesDomainName is missing or wrong in the tenant",
  'no-key-list-dc': 'No writable DC with the key-list patch (KB5010415 or later) is reachable',
  'dc-locator-srv': 'The DC locator finds no DC (the _kerberos / _ldap SRV records are missing)',
  'clock-skew': "The KDC's clock is off by more than the allowed skew",
  'account-disabled': 'The account is disabled',
} as const;
export type DiagnosisId = keyof typeof DIAGNOSES;
export const DIAGNOSIS_IDS = Object.keys(DIAGNOSES) as [DiagnosisId, ...DiagnosisId[]];

export const ExerciseSchema = z
  .strictObject({
    title: z.string().min(1),
    symptom: z.string().min(1).describe('what the trainee is told (the help-desk ticket)'),
    answer: z.enum(DIAGNOSIS_IDS).describe('the diagnosis that is right; never sent to the page'),
    explanation: z.string().optional().describe('shown once the answer is right'),
  })
  .describe('a training exercise: the scenario is the hidden fault');
