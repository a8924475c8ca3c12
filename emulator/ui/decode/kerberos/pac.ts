/**
 * A PAC, buffer by buffer (MS-PAC 2.4 ff.): LOGON_INFO with every SID and RID named from the
 * directory, CLIENT_INFO, UPN_DNS_INFO, ATTRIBUTES_INFO, REQUESTOR, and the signatures with their
 * checksum type, the key that made them (the server's / the KDC's) and whether they verify.
 */
import { decodePac, decodeSignatureData, LOGON_FLAGS, msFromFiletime, PAC_TYPE, SE_GROUP, UPN_DNS_FLAGS, verifyPac, type DecodedPac, type GroupMembership, type KerbValidationInfo, type SignatureStatus } from '../../../kerberos/pac/index.ts';
import type { KerberosKey } from '../../../kerberos/crypto/index.ts';
import type { DecodeContext } from '../context.ts';
import { sidName } from '../sid-names.ts';
import { attempt, failed, group, hex, iso, keyed, node, type DecodedNode } from '../tree.ts';
import { cksumEtype, cksumName, etypeName } from './names.ts';

/** The keys that should have signed the PAC: the ticket's own (server) and the issuing KDC's. */
export interface PacSigners {
  readonly server?: { readonly key: KerberosKey; readonly who: string };
  readonly kdc?: { readonly key: (etype: number) => KerberosKey | undefined; readonly who: string };
  /** The EncTicketPart with its PAC replaced by one zero byte (MS-PAC 2.8.3), for the ticket signature. */
  readonly ticketData?: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  [PAC_TYPE.LOGON_INFO]: 'LOGON_INFO',
  [PAC_TYPE.CREDENTIALS_INFO]: 'CREDENTIALS_INFO',
  [PAC_TYPE.SERVER_CHECKSUM]: 'SERVER_CHECKSUM',
  [PAC_TYPE.PRIVSVR_CHECKSUM]: 'PRIVSVR_CHECKSUM (KDC)',
  [PAC_TYPE.CLIENT_INFO]: 'CLIENT_INFO',
  [PAC_TYPE.DELEGATION_INFO]: 'DELEGATION_INFO',
  [PAC_TYPE.UPN_DNS_INFO]: 'UPN_DNS_INFO',
  [PAC_TYPE.CLIENT_CLAIMS_INFO]: 'CLIENT_CLAIMS_INFO',
  [PAC_TYPE.DEVICE_INFO]: 'DEVICE_INFO',
  [PAC_TYPE.DEVICE_CLAIMS_INFO]: 'DEVICE_CLAIMS_INFO',
  [PAC_TYPE.TICKET_CHECKSUM]: 'TICKET_CHECKSUM',
  [PAC_TYPE.ATTRIBUTES_INFO]: 'ATTRIBUTES_INFO',
  [PAC_TYPE.REQUESTOR]: 'REQUESTOR',
  [PAC_TYPE.FULL_CHECKSUM]: 'FULL_CHECKSUM',
};

const bits = (v: number, table: Record<string, number>): string => {
  const names = Object.entries(table).filter(([, b]) => (v & b) >>> 0 === b >>> 0 && b !== 0).map(([n]) => n);
  return `0x${(v >>> 0).toString(16)}${names.length ? ` ${names.join(' | ')}` : ''}`;
};

const filetime = (t: bigint): string => {
  if (t === 0x7fffffffffffffffn) return 'never';
  if (t === 0n) return '0 (none)';
  return iso(msFromFiletime(t)) ?? String(t);
};

function sidNode(ctx: DecodeContext, label: string, sid: string, attributes?: number): DecodedNode {
  const name = sidName(ctx.directory, sid);
  return node(label, name ? `${sid} ${name}` : sid, [name ? '' : 'not in the directory', attributes !== undefined ? `attributes ${bits(attributes, SE_GROUP)}` : ''].filter(Boolean).join('; '));
}

function ridNodes(ctx: DecodeContext, domainSid: string | null, groups: readonly GroupMembership[]): DecodedNode[] {
  return groups.map((g) => {
    const name = domainSid ? sidName(ctx.directory, `${domainSid}-${g.relativeId}`) : undefined;
    return node(String(g.relativeId), name ?? '(no such group in the directory)', `attributes ${bits(g.attributes, SE_GROUP)}`);
  });
}

function logonInfo(ctx: DecodeContext, li: KerbValidationInfo): DecodedNode {
  const dom = li.logonDomainId;
  const userSid = dom ? `${dom}-${li.userId}` : undefined;
  return keyed('pac.logon-info', group('LOGON_INFO (KERB_VALIDATION_INFO)', [
    node('EffectiveName', li.effectiveName),
    node('FullName', li.fullName),
    node('LogonDomainName', li.logonDomainName),
    node('LogonServer', li.logonServer),
    dom ? sidNode(ctx, 'LogonDomainId', dom) : node('LogonDomainId', 'NULL'),
    userSid ? sidNode(ctx, `UserId ${li.userId}`, userSid) : node('UserId', li.userId),
    node(`PrimaryGroupId ${li.primaryGroupId}`, (dom && sidName(ctx.directory, `${dom}-${li.primaryGroupId}`)) || '(unknown)'),
    keyed('pac.groups', group(`GroupIds (${li.groupIds.length})`, ridNodes(ctx, dom, li.groupIds), 'RIDs in LogonDomainId, named from the directory')),
    keyed('pac.extra-sids', group(`ExtraSids (${li.extraSids.length})`, li.extraSids.map((s, i) => sidNode(ctx, String(i), s.sid, s.attributes)))),
    li.resourceGroupDomainSid ? sidNode(ctx, 'ResourceGroupDomainSid', li.resourceGroupDomainSid) : undefined,
    li.resourceGroupIds.length ? group(`ResourceGroupIds (${li.resourceGroupIds.length})`, ridNodes(ctx, li.resourceGroupDomainSid, li.resourceGroupIds)) : undefined,
    node('UserFlags', bits(li.userFlags, LOGON_FLAGS)),
    node('UserAccountControl (SAMR)', `0x${li.userAccountControl.toString(16)}`),
    node('LogonTime', filetime(li.logonTime)),
    node('PasswordLastSet', filetime(li.passwordLastSet)),
    node('PasswordMustChange', filetime(li.passwordMustChange)),
    node('LogonCount', li.logonCount),
    node('BadPasswordCount', li.badPasswordCount),
  ]));
}

function statusText(s: SignatureStatus): string {
  return { valid: 'verifies', invalid: 'does NOT verify', absent: 'absent', unchecked: 'not checked (no key for it here)' }[s];
}

function signatureNode(pac: Uint8Array, d: DecodedPac, type: number, signers: PacSigners): DecodedNode {
  const buf = d.buffers.find((b) => b.type === type)!;
  const sig = decodeSignatureData(buf.data);
  const etype = cksumEtype(sig.signatureType);
  const isServer = type === PAC_TYPE.SERVER_CHECKSUM;
  const key = isServer ? signers.server?.key : etype !== undefined ? signers.kdc?.key(etype) : undefined;
  const who = isServer ? signers.server?.who : signers.kdc?.who;
  let status: SignatureStatus = 'unchecked';
  if (key) {
    const v = verifyPac(pac, isServer ? { serverKey: key } : { kdcKey: key, ...(signers.server ? { serverKey: signers.server.key } : {}), ...(signers.ticketData ? { ticketSigningData: signers.ticketData } : {}) });
    status = isServer ? v.server : type === PAC_TYPE.PRIVSVR_CHECKSUM ? v.kdc : type === PAC_TYPE.TICKET_CHECKSUM ? v.ticket : v.full;
  }
  const verdict = statusText(status);
  return {
    ...node(TYPE_NAMES[type], verdict, key && who ? `made with ${who}, ${etypeName(key.etype)}` : who ? `${who}: no key of this checksum type's enctype` : 'no key known for it', [
      node('SignatureType', cksumName(sig.signatureType)),
      node('Signature', hex(sig.signature)),
      sig.rodcIdentifier !== undefined ? node('RODCIdentifier', sig.rodcIdentifier, 'the RODC number that signed (msDS-SecondaryKrbTgtNumber)') : undefined,
    ]),
    ...(status === 'invalid' ? { error: true as const } : {}),
  };
}

/** The PAC node: one child per buffer, in the PAC's order. */
export function pacNode(ctx: DecodeContext, pac: Uint8Array, signers: PacSigners): DecodedNode {
  return attempt('PAC', () => {
    const d = decodePac(pac);
    const kids = d.buffers.map((b): DecodedNode => {
      const name = TYPE_NAMES[b.type] ?? `type ${b.type}`;
      return attempt(name, () => {
        switch (b.type) {
          case PAC_TYPE.LOGON_INFO:
            return d.logonInfo ? logonInfo(ctx, d.logonInfo) : failed(name, 'did not decode');
          case PAC_TYPE.CLIENT_INFO:
            return group('CLIENT_INFO', [node('ClientId', filetime(d.clientInfo!.clientId)), node('Name', d.clientInfo!.name)]);
          case PAC_TYPE.UPN_DNS_INFO: {
            const u = d.upnDnsInfo!;
            return group('UPN_DNS_INFO', [node('Upn', u.upn), node('DnsDomainName', u.dnsDomainName), node('Flags', bits(u.flags, UPN_DNS_FLAGS)), u.samName !== undefined ? node('SamName', u.samName) : undefined, u.sid ? sidNode(ctx, 'Sid', u.sid) : undefined]);
          }
          case PAC_TYPE.ATTRIBUTES_INFO:
            return group('ATTRIBUTES_INFO', [node('Flags', bits(d.attributesInfo!.flags[0] ?? 0, { PAC_WAS_REQUESTED: 1, PAC_WAS_GIVEN_IMPLICITLY: 2 }))]);
          case PAC_TYPE.REQUESTOR:
            return group('REQUESTOR', [sidNode(ctx, 'Sid', d.requestor!.sid)]);
          case PAC_TYPE.SERVER_CHECKSUM:
          case PAC_TYPE.PRIVSVR_CHECKSUM:
          case PAC_TYPE.TICKET_CHECKSUM:
          case PAC_TYPE.FULL_CHECKSUM:
            return keyed(`pac.sig.${b.type}`, signatureNode(pac, d, b.type, signers));
          default:
            return node(name, `${b.data.length} bytes`, 'not decoded here');
        }
      });
    });
    return keyed('pac', group(`PAC (${d.buffers.length} buffers)`, kids));
  });
}
