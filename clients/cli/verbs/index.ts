// Each verb registers itself here; the implementation is loaded only when the verb runs.
import { registerVerb } from '../main.ts';

registerVerb('version', 'print the version', async () => async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`cloudtrust-lab ${pkg.version}\n`);
  return 0;
});

registerVerb('validate', 'check scenario files: ctlab validate FILE...', async () => (await import('./validate.ts')).validateVerb);
registerVerb('schema', 'print the JSON Schema of scenario files', async () => (await import('./schema.ts')).schemaVerb);
registerVerb('up', 'start the lab: ctlab up [SCENARIO] (see ctlab up --help)', async () => (await import('./up.ts')).upVerb);
registerVerb('health', 'exit 0 when every service of the running lab answers its protocol: ctlab health [--lab FILE]', async () => (await import('./health.ts')).healthVerb);
registerVerb('keytab', 'write an MIT keytab for a scenario account: ctlab keytab --principal NAME -o FILE', async () => (await import('./keytab.ts')).keytabVerb);
registerVerb('krb5conf', "print a krb5.conf for the lab's KDC", async () => (await import('./krb5conf.ts')).krb5confVerb);
registerVerb('trace', 'print a --trace JSON file as readable lines: ctlab trace [FILE|-]', async () => (await import('./trace.ts')).traceVerb);
registerVerb('kerberos-server', 'Get/Set/Remove-AzureADKerberosServer on the running lab: ctlab kerberos-server get|set|rotate|remove', async () => (await import('./kerberos-server.ts')).kerberosServerVerb);
registerVerb('lab', 'the running lab: ctlab lab status | reset | scenario FILE | fault SWITCH ARGS... (restart in place, break it live)', async () => (await import('./lab.ts')).labVerb);
registerVerb('ca', "write the lab CA certificate that signs the fake Entra ID's HTTPS and device certificates: ctlab ca -o FILE", async () => (await import('./ca.ts')).caVerb);
registerVerb('nltest', 'DC locator as Windows nltest: ctlab nltest /dsgetdc:DOMAIN [/kdc] [/keylist] [/writable] | /dclist:DOMAIN', async () => (await import('./nltest.ts')).nltestVerb);
registerVerb('klist', 'list the tickets of an MIT ccache as Windows klist shows them: ctlab klist [-c CCACHE]', async () => (await import('./klist.ts')).klistVerb);
registerVerb('dfsrmig', 'SYSVOL migration state as Windows dfsrmig: ctlab dfsrmig /getmigrationstate | /getglobalstate', async () => (await import('./dfsrmig.ts')).dfsrmigVerb);
registerVerb('signin', 'the emulated Windows device signs in with cloud Kerberos trust: ctlab signin UPN [--password P | --hello] [--spn SPN] [--ccache FILE]', async () => (await import('./signin.ts')).signinVerb);
registerVerb('device', "register a device in the lab's tenant and write its keys: ctlab device register UPN --out DIR", async () => (await import('./device.ts')).deviceVerb);
registerVerb('dsregcmd', 'the device state after the last sign-in, as Windows dsregcmd: ctlab dsregcmd /status', async () => (await import('./dsregcmd.ts')).dsregcmdVerb);
registerVerb('test', "run every scenario's expect: list on a lab started on free ports: ctlab test [FILES|DIR]", async () => (await import('./test.ts')).testVerb);
