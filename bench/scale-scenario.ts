/**
 * The generated world of the scale benchmarks (bench/scale.ts, and `--ldap --users N`): alice and
 * fs1 (the accounts the exchanges and searches use) plus `users` generated users, one group per
 * 200 users (30% nested), one computer per 20 users (10% with an HTTP SPN), 1% disabled, 0.5%
 * locked, two groups per user.
 */
export const SCALE_ALICE_PASSWORD = 'Alice-Passw0rd!';

export function scenarioText(users: number): string {
  return `domain: { dnsName: fabrikam.local }
upnSuffixes: [contoso.com]
users:
  - { sam: alice, upn: alice@contoso.com, password: "${SCALE_ALICE_PASSWORD}" }
computers:
  - { name: fs1 }
generate:
  groups: { count: ${Math.max(1, Math.round(users / 200))}, nested: 0.3 }
  users:
    count: ${users}
    prefix: user
    password: "Bench-{sam}-Pw1!"
    upnSuffixes: [{ suffix: contoso.com, share: 3 }, { suffix: fabrikam.local, share: 1 }]
    groupsPerUser: 2
    disabled: 0.01
    locked: 0.005
  computers: { count: ${Math.max(1, Math.round(users / 20))}, spns: ["HTTP/{fqdn}"], spnShare: 0.1 }
`;
}
