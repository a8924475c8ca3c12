/**
 * The delegation settings of users and computers (MS-SFU; the scenario's trustedToAuthForDelegation,
 * allowedToDelegateTo, allowedToActOnBehalfOf): validated by name, built into userAccountControl,
 * msDS-AllowedToDelegateTo and the SIDs of msDS-AllowedToActOnBehalfOfOtherIdentity.
 */
import { describe, expect, it } from 'vitest';
import { UF } from '../../../emulator/directory/uac.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { buildWorld } from '../../../emulator/world.ts';
import { issuesOf, MINIMAL, summary } from './helpers.ts';

const WITH_COMPUTERS = `${MINIMAL}computers:
  - name: web1
    trustedToAuthForDelegation: true
    allowedToDelegateTo: [cifs/fs1.fabrikam.local]
  - name: fs2
    allowedToActOnBehalfOf: [web1, alice]
`;

describe('scenario delegation settings', () => {
  it('build into userAccountControl, msDS-AllowedToDelegateTo and the RBCD SIDs', () => {
    const dir = buildWorld(parseScenarioText(WITH_COMPUTERS, 'd.yaml')).directory;
    const web1 = dir.accountBySam('WEB1$')!;
    expect(web1.userAccountControl & UF.TRUSTED_TO_AUTH_FOR_DELEGATION).toBe(UF.TRUSTED_TO_AUTH_FOR_DELEGATION);
    expect(web1.allowedToDelegateTo).toEqual(['cifs/fs1.fabrikam.local']);
    const fs2 = dir.accountBySam('FS2$')!;
    expect(fs2.userAccountControl & UF.TRUSTED_TO_AUTH_FOR_DELEGATION).toBe(0);
    expect(fs2.allowedToActOnBehalfOfSids).toEqual([web1.sid, dir.accountBySam('alice')!.sid]);
    expect(dir.accountBySam('alice')!.allowedToActOnBehalfOfSids).toBeUndefined();
  });

  it('an unknown account in allowedToActOnBehalfOf is an error naming its path', () => {
    const text = WITH_COMPUTERS.replace('[web1, alice]', '[web1, web9]');
    expect(summary(issuesOf(text))).toEqual(['UNKNOWN_MEMBER computers[1].allowedToActOnBehalfOf[1]']);
  });
});
