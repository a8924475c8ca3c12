import json, struct, uuid
def ber(b,i):
    t=b[i]; l=b[i+1]; i+=2
    if l&0x80:
        n=l&0x7f; l=int.from_bytes(b[i:i+n],'big'); i+=n
    return t,b[i:i+l],i+l
def msgs(b):
    i=0; out=[]
    while i<len(b):
        t,v,i=ber(b,i); out.append(v)
    return out
def name(b,i):
    labels=[];j=i;end=None;hops=0
    while True:
        l=b[j]
        if l==0:
            if end is None: end=j+1
            break
        if l&0xc0==0xc0:
            p=((l&0x3f)<<8)|b[j+1]
            if end is None: end=j+2
            j=p; hops+=1; continue
        labels.append(b[j+1:j+1+l].decode()); j+=1+l
    return '.'.join(labels), end
def u16s(b,i):
    j=i
    while b[j:j+2]!=b'\0\0': j+=2
    return b[i:j].decode('utf-16le'), j+2
def parse_nl(b):
    ntver=struct.unpack('<I',b[-8:-4])[0]
    op=struct.unpack('<H',b[0:2])[0]
    f={'opcode':op,'ntVersion':ntver,'lmNtToken':struct.unpack('<H',b[-4:-2])[0],'lm20Token':struct.unpack('<H',b[-2:])[0]}
    if op in (23,25):
        f['flags']=struct.unpack('<I',b[4:8])[0]
        f['domainGuid']=str(uuid.UUID(bytes_le=bytes(b[8:24])))
        i=24
        for k in ['dnsForestName','dnsDomainName','dnsHostName','netbiosDomainName','netbiosComputerName','userName','dcSiteName','clientSiteName']:
            f[k],i=name(b,i)
        if ntver&8:
            sz=b[i]; sa=b[i+1:i+1+sz]; f['dcSockAddr']='.'.join(str(x) for x in sa[4:8]); i+=1+sz
        if ntver&0x10:
            f['nextClosestSiteName'],i=name(b,i)
        assert i==len(b)-8,(i,len(b))
    else:
        i=2
        f['unicodeLogonServer'],i=u16s(b,i)
        f['unicodeUserName'],i=u16s(b,i)
        f['unicodeDomainName'],i=u16s(b,i)
        if ntver!=1:
            f['domainGuid']=str(uuid.UUID(bytes_le=bytes(b[i:i+16]))); i+=32
            for k in ['dnsForestName','dnsDomainName','dnsHostName']:
                f[k],i=name(b,i)
            f['dcIpAddress']='.'.join(str(x) for x in reversed(b[i:i+4])); i+=4
            f['flags']=struct.unpack('<I',b[i:i+4])[0]; i+=4
        assert i==len(b)-8,(i,len(b))
    return f
def decode_reply(hexs):
    b=bytes.fromhex(hexs); out=[]
    for m in msgs(b):
        t,mid,i=ber(m,0); t2,op,_=ber(m,i)
        e={'messageId':int.from_bytes(mid,'big'),'op':{0x64:'searchResEntry',0x65:'searchResDone'}.get(t2,hex(t2))}
        if t2==0x65:
            _,rc,j=ber(op,0); _,mdn,j=ber(op,j); _,diag,j=ber(op,j)
            e['resultCode']=rc[0]; e['diagnosticMessage']=diag.decode()
        if t2==0x64:
            _,dn,j=ber(op,0); _,attrs,j=ber(op,j)
            e['objectName']=dn.decode(); e['attributes']=[]
            k=0
            while k<len(attrs):
                _,pa,k=ber(attrs,k); _,typ,x=ber(pa,0); _,vals,x=ber(pa,x)
                vs=[];y=0
                while y<len(vals):
                    _,v,y=ber(vals,y); vs.append(v)
                a={'type':typ.decode(),'valueCount':len(vs)}
                if typ.decode().lower()=='netlogon':
                    a['value']=vs[0].hex(); a['fields']=parse_nl(vs[0])
                e['attributes'].append(a)
        out.append(e)
    return out
TITLES={
 'ex-dnsdomain':'DnsDomain=fabrikam.local, NtVer=0x16 (5EX|5|WITH_CLOSEST_SITE): EX form; Samba 4.17 leaves out NextClosestSiteName and bit 0x10',
 'ex-dnsdomain-upper':'DnsDomain in upper case matches (case-insensitive)',
 'ex-wrong-domain':'DnsDomain of another domain: SearchResultDone only, no entry',
 'ex-with-ip':'NtVer=0x0E (5EX_WITH_IP): DcSockAddr (16-byte SOCKADDR_IN, the DC address) and NtVersion 0x0D',
 'ex-closest-site':'NtVer=0x16 again (WITH_CLOSEST_SITE ignored by Samba 4.17)',
 'ex-guid-only':'DomainGuid only (our GUID): answered',
 'ex-wrong-guid':'right DnsDomain with a wrong DomainGuid: answered (the DnsDomain decides)',
 'ex-host':'Host term: ignored',
 'ex-user-known':'User=alice, AAC=0x10 (USER_NORMAL_ACCOUNT): LOGON_SAM_LOGON_RESPONSE_EX with UserName',
 'ex-user-unknown':'User=nobody: LOGON_SAM_USER_UNKNOWN_EX (25) echoing the name',
 'v5-only':'NtVer=0x2: NETLOGON_SAM_LOGON_RESPONSE (opcode 19, UNC server name, DcIpAddress, NtVersion 3)',
 'nt40-only':'NtVer=0x1: NETLOGON_SAM_LOGON_RESPONSE_NT40',
 'ntver-zero':'NtVer=0: NT40 form',
 'no-ntver':'no NtVer term: Samba 4.17 answers the v5 form',
 'v5-user-unknown':'NtVer=0x2, User=nobody: LOGON_SAM_USER_UNKNOWN (21)',
 'nt40-user-unknown':'NtVer=0x1, User=nobody: LOGON_SAM_USER_UNKNOWN (21), NT40 form',
 'other-attr':'a ping filter asking for defaultNamingContext instead of Netlogon: Samba returns that rootDSE attribute',
 'rootdse-present':'(objectClass=*) asking for defaultNamingContext and dnsHostName over CLDAP: rootDSE attributes',
 'nonempty-base':'non-empty base DN: SearchResultDone operationsError "Invalid CLDAP basedn"',
 'ex-domainsid-ok':'right DnsDomain and our DomainSid: answered',
 'ex-domainsid-wrong':'right DnsDomain and a wrong DomainSid: answered (the DnsDomain decides)',
 'garbage':'truncated BER: dropped, no reply',
 'bad-op-readable-id':'readable messageID, truncated searchRequest: dropped, no reply',
 'ex-user-computer':'User=DC1$ with AAC=0x80 (USER_WORKSTATION_TRUST_ACCOUNT): the DC is a server trust account, so UNKNOWN_EX',
 'ex-host-aac0-user':'User=alice without AAC: UNKNOWN_EX (no account type allowed)',
 'ex-ntver-0x20000006':'NtVer=0x20000006 (IP|5EX|5): EX form',
 'ex-dnshostname':'DnsHostName term only: ignored, answered for the DC domain',
 'ex-with-ip-only4':'NtVer=0x0C without DnsDomain: EX form with DcSockAddr',
 'or-filter':'OR instead of AND: SearchResultDone only',
 'ex-netlogon-lower':'lower-case term and attribute names: answered; Samba names the attribute "netlogon"',
 'search-subtree':'subtree scope: SearchResultDone operationsError "Invalid CLDAP scope"',
 'search-one':'one-level scope: operationsError "Invalid CLDAP scope"',
 'trailing-garbage':'two stray bytes after the LDAPMessage: answered from the first message',
 'two-messages':'two LDAPMessages in one datagram: only the first is answered',
 'no-attrs':'no attributes asked for: the whole rootDSE',
 'star':'attributes "*": the whole rootDSE',
 'netlogon-and-other':'Netlogon plus dnsHostName: one entry with both',
 'user-aac0':'User=alice, AAC=0: UNKNOWN_EX',
 'user-disabled':'User=krbtgt (disabled), no AAC: UNKNOWN_EX',
 'user-aac-uf-normal':'User=alice, AAC=0x200 (UF_NORMAL_ACCOUNT, not a USER_ACCOUNT code): UNKNOWN_EX',
 'user-computer-noaac':'User=DC1$ without AAC: UNKNOWN_EX',
 'user-case':'User=ALICE without AAC: UNKNOWN_EX, UserName echoed as sent',
 'dnsdomain-trailing-dot':'DnsDomain with a trailing dot: answered',
 'ntver-short':'NtVer of 2 bytes (malformed): treated as absent, v5 form',
 'ntver-0x10-only':'NtVer=0x10 only: NT40 form',
 'ntver-0x3':'NtVer=0x3: v5 form',
 'ntver-0x8-only':'NtVer=0x8 only: EX form with DcSockAddr',
 'single-eq-not-and':'a single equality match, not an AND: SearchResultDone only',
 'and-with-present':'AND holding a presence filter: SearchResultDone only',
 'msgid-zero':'messageID 0: answered with messageID 0',
 'msgid-big':'messageID 2^31-1: echoed',
 'dnsdomain-netbios':'DnsDomain=FABRIKAM (the NetBIOS name): SearchResultDone only',
 'guid-bad-length':'DomainGuid of 3 bytes: ignored, answered',
 'u-alice-nodom-noaac':'User=alice, no AAC, no DnsDomain: UNKNOWN_EX',
 'u-ALICE-dom-noaac':'User=ALICE, no AAC: UNKNOWN_EX',
 'u-alice-dom-aac0':'User=alice, AAC=0: UNKNOWN_EX',
 'u-dc1-dom-noaac':'User=DC1$, no AAC: UNKNOWN_EX',
 'u-dc1-dom-aac-svrtrust-acb':'User=DC1$, AAC=0x100 (USER_SERVER_TRUST_ACCOUNT): LOGON_SAM_LOGON_RESPONSE_EX',
 'u-dc1-dom-aac-svrtrust-uf':'User=DC1$, AAC=0x2000 (UF_SERVER_TRUST_ACCOUNT): UNKNOWN_EX (AAC is read as USER_ACCOUNT codes)',
 'u-alice-dom-aac-uf-normal':'User=alice, AAC=0x200: UNKNOWN_EX',
 'u-alice-nodom-aac-acb-normal':'User=alice, AAC=0x10, no DnsDomain: LOGON_SAM_LOGON_RESPONSE_EX',
}
files={f: '127.0.0.1' for f in sorted(__import__('glob').glob('crafted*.json')) if '127.0.0.2' not in f}
vecs=[]
for fn,src in files.items():
    d=json.load(open(fn))
    for k,c in d['cases'].items():
        reply=c['replies'][0] if c['replies'] else None
        exp={'replies':c['replies'],'messages':decode_reply(reply) if reply else []}
        vecs.append({'title':k+': '+TITLES[k],'input':{'request':c['request'],'transport':'udp','clientAddress':src},'expected':exp,'valid':True})
out={'title':'CLDAP netlogon pings answered by Samba 4.17.12 AD DC (fabrikam.local, dc1, Default-First-Site-Name)',
 'source':'Captured from samba 2:4.17.12+dfsg-0+deb12u4 (Debian 12) provisioned by /work/shared/reference/samba-ad.sh on 127.0.0.1; MS-ADTS 6.3.1.7-6.3.1.9, 6.3.3',
 'reference':{'domainGuid':'ff9c428b-b58b-4764-955a-79aeaae6c79a','domainSid':'S-1-5-21-3163006909-3268333197-918412118','dnsDomain':'fabrikam.local','netbiosDomain':'FABRIKAM','dcHostName':'dc1.fabrikam.local','dcSite':'Default-First-Site-Name','dcAddress':'127.0.0.1','accounts':{'alice':'enabled normal user','DC1$':'the DC (server trust account)','krbtgt':'disabled'}},
 'vectors':vecs}
json.dump(out,open('samba-cldap.json','w'),indent=1)
# tool captures: UDP from net ads lookup, TCP from adcli info
tools=[]
lines=[json.loads(l) for l in open('log-tools.jsonl')]
tools.append({'title':'net ads lookup -S 127.0.0.1 (samba-common-bin 4.17): its CLDAP request over UDP 389 and the reply','input':{'request':lines[0]['hex'],'transport':'udp','clientAddress':'127.0.0.1'},'expected':{'replies':[lines[1]['hex']],'messages':decode_reply(lines[1]['hex']),'stdout':open('net-ads-lookup.txt').read()},'valid':True})
tools.append({'title':'adcli info fabrikam.local -S 127.0.0.1 (adcli 0.9.1): the Netlogon search it sends over TCP 389, the reply, then unbind','input':{'request':lines[4]['hex'],'transport':'tcp','clientAddress':'127.0.0.1','then':lines[6]['hex']},'expected':{'replies':[lines[5]['hex']],'messages':decode_reply(lines[5]['hex']),'stdout':open('adcli-info.txt').read()},'valid':True})
json.dump({'title':'Netlogon pings of real clients against Samba 4.17.12 AD DC','source':out['source']+'; requests recorded by a loopback UDP/TCP relay on 127.0.0.2:389 in front of Samba','vectors':tools},open('samba-clients.json','w'),indent=1)
print(len(vecs),'vectors')
