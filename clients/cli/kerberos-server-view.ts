/**
 * Get-AzureADKerberosServer's output as PowerShell's Format-List prints it: one `Name : value`
 * line per field in the cmdlet's order, names padded to the longest (CloudDomainDnsName), empty
 * fields as `Name :` with nothing after. Times as the en-US culture writes a DateTime
 * (`6/23/2024 8:05:44 PM`), in UTC (the cmdlet uses the machine's time zone). Sample outputs:
 * MS Learn (howto-authentication-passwordless-security-key-on-premises, "View and verify") and
 * public admin write-ups of the module.
 */
import { KERBEROS_SERVER_FIELDS, type KerberosServerView } from '../../emulator/admin/view.ts';

const TIME_FIELDS = new Set(['KeyUpdatedOn', 'CloudKeyUpdatedOn']);

/** An ISO time as en-US `M/d/yyyy h:mm:ss AM|PM` (UTC). */
export function powershellDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export function formatKerberosServer(v: KerberosServerView): string {
  const width = Math.max(...KERBEROS_SERVER_FIELDS.map((f) => f.length));
  const lines = KERBEROS_SERVER_FIELDS.map((f) => {
    const raw = v[f];
    const value = raw === null || raw === undefined ? '' : TIME_FIELDS.has(f) ? powershellDate(String(raw)) : String(raw);
    return `${f.padEnd(width)} :${value === '' ? '' : ` ${value}`}`;
  });
  return lines.join('\n') + '\n';
}
