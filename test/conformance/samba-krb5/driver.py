#!/usr/bin/python3
"""Runs Samba's own KDC conformance suite (Debian python3-samba: samba.tests.krb5.*) against
the lab and compares the outcome with a Samba-style known-failure list.

Input (environment): what Samba's selftest gives the suite (SERVER, REALM, DOMAIN, USERNAME,
PASSWORD, KRBTGT_*, DC_*, SERVICE_*, CLIENT_*, MAC_*, feature flags; filled by the runner from
the lab's scenario), plus
  CTLAB_SAMBA_KDC_HOST / CTLAB_SAMBA_KDC_PORT / CTLAB_SAMBA_KPASSWD_PORT  where the lab listens;
  CTLAB_SAMBA_FUNCTIONAL_LEVEL  the domain functional level the lab's rootDSE publishes
                                (domainFunctionality, e.g. 7 for 2016);
  CTLAB_SAMBA_MODULE_ENV        JSON {module: {VAR: value}}: per-module settings, as Samba's
                                selftest plans each module with its own environ.
Arguments: --knownfail FILE --json OUT [--only REGEX] MODULE...

What the driver changes in the suite, and nothing else:
  - connections to port 88 (and 464) go to the lab's ports (the suite hard-codes them);
  - the suite's LDAP (SamDB), DRS and account-creation paths raise NeedsAccount: the lab has no
    LDAP writes or DRS replication, so a test that needs them is reported "needs-account",
    not counted as a KDC failure;
  - a test asking for a plain user or computer (get_cached_creds without options) gets a
    scenario account (CLIENT_* / MAC_* from the environment), and one asking for options the
    scenario has an account for gets that one (CTLAB_SAMBA_ACCOUNT_MAP, suite-env.ts);
  - get_default_enctypes reads the functional level from CTLAB_SAMBA_FUNCTIONAL_LEVEL instead of
    an LDAP search.

Exit status: 0 when every failing test is on the known-failure list and every listed test still
fails; 1 otherwise (a new failure, or a listed test that passes or no longer reaches the KDC
(needs-account, skip): remove it from the list, --prune does).
"""
import argparse
import importlib
import json
import os
import re
import sys
import time
import traceback
import unittest


class NeedsAccount(Exception):
    """The test needs an account or directory access the lab does not offer over the wire."""


def install_patches():
    from samba.tests.krb5.raw_testcase import RawKerberosTest
    from samba.tests.krb5 import kdc_base_test
    from samba.tests.krb5 import kcrypto
    from samba.dsdb import DS_DOMAIN_FUNCTION_2008

    host = os.environ.get('CTLAB_SAMBA_KDC_HOST', '127.0.0.1')
    kdc_port = int(os.environ['CTLAB_SAMBA_KDC_PORT'])
    kpasswd_port = int(os.environ.get('CTLAB_SAMBA_KPASSWD_PORT', '0') or 0)
    original_connect = RawKerberosTest._connect_tcp

    def _connect_tcp(self, _host, port=None):
        if port is None or port == 88:
            return original_connect(self, host, kdc_port)
        if port == 464 and kpasswd_port:
            return original_connect(self, host, kpasswd_port)
        return original_connect(self, host, port)

    RawKerberosTest._connect_tcp = _connect_tcp

    def refuse(what):
        def f(self, *args, **kwargs):
            raise NeedsAccount(what)
        return f

    K = kdc_base_test.KDCBaseTest
    K.get_samdb = refuse('LDAP (SamDB) access to the DC')
    K.get_rodc_samdb = refuse('LDAP (SamDB) access to the RODC')
    K.get_mock_rodc_ctx = refuse('a mock RODC joined over DRS')
    K.get_secrets = refuse('DRS key replication (DRSUAPI_EXOP_REPL_SECRET)')
    K.create_account_opts = refuse('a new account created over LDAP')
    K.replicate_account_to_rodc = refuse('DRS replication to the RODC')
    K.modify_attribute = refuse('an LDAP modify')
    K.add_attribute = refuse('an LDAP modify')

    level = int(os.environ.get('CTLAB_SAMBA_FUNCTIONAL_LEVEL', '7'))

    def get_default_enctypes(self):
        etypes = {kcrypto.Enctype.RC4}
        if level >= DS_DOMAIN_FUNCTION_2008:
            etypes.add(kcrypto.Enctype.AES256)
            etypes.add(kcrypto.Enctype.AES128)
        return etypes

    K.get_default_enctypes = get_default_enctypes

    # Computer accounts from the environment get what create_account gives a new computer: the
    # workstation secure channel type, which makes the suite expect AD's computer salt
    # (REALMhostname.realm), the workstation name and the host/ SPN a domain join registers.
    from samba.dcerpc.misc import SEC_CHAN_WKSTA, SEC_CHAN_BDC

    def with_machine(getter, channel):
        def f(self, *args, **kwargs):
            c = getter(self, *args, **kwargs)
            name = c.get_username()
            if name and name.endswith('$') and c.get_secure_channel_type() != channel:
                c.set_secure_channel_type(channel)
                c.set_workstation(name[:-1])
                if c.get_spn() is None:
                    c.set_spn('host/' + name[:-1])
            return c
        return f

    # The options get_cached_creds fills in for a test that gives none (kdc_base_test.py).
    plain = {'add_dollar': True, 'kerberos_enabled': True}

    # Options -> a scenario account with the same settings (suite-env.ts ACCOUNT_MAP).
    account_map = json.loads(os.environ.get('CTLAB_SAMBA_ACCOUNT_MAP', '[]'))

    def get_cached_creds(self, *, account_type, opts=None, use_cache=True):
        non_default = {k: v for k, v in (opts or {}).items() if v not in (None, False, 0) and plain.get(k) != v}
        kind = 'user' if account_type is self.AccountType.USER else 'computer'
        for m in account_map:
            if m['type'] == kind and m['opts'] == non_default:
                return with_machine(lambda s: s._get_krb5_creds(prefix=m['prefix']), SEC_CHAN_WKSTA)(self)
        if non_default:
            raise NeedsAccount('an account with ' + ', '.join(
                f'{k}={v!r}' for k, v in sorted(non_default.items(), key=lambda kv: kv[0])))
        if account_type is self.AccountType.USER:
            return self.get_client_creds()
        return self.get_mach_creds()

    K.get_cached_creds = get_cached_creds

    K.get_mach_creds = with_machine(K.get_mach_creds, SEC_CHAN_WKSTA)
    K.get_service_creds = with_machine(K.get_service_creds, SEC_CHAN_WKSTA)
    K.get_dc_creds = with_machine(K.get_dc_creds, SEC_CHAN_BDC)
    RawKerberosTest.get_service_creds = with_machine(RawKerberosTest.get_service_creds, SEC_CHAN_WKSTA)


def needs_account_in(err):
    exc = err[1]
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, NeedsAccount):
            return str(exc)
        exc = exc.__cause__ or exc.__context__
    return None


class Result(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.outcomes = {}

    def _record(self, test, outcome, detail='', err=None):
        r = {'outcome': outcome, 'detail': detail}
        if err is not None and outcome == 'fail':
            r['traceback'] = ''.join(traceback.format_exception(*err))[-3000:]
        self.outcomes[test.id()] = r

    def addSuccess(self, test):
        self._record(test, 'pass')

    def addFailure(self, test, err):
        self._record(test, 'fail', self._last_line(err), err)

    def addError(self, test, err):
        why = needs_account_in(err)
        if why is not None:
            self._record(test, 'needs-account', why)
        else:
            self._record(test, 'fail', self._last_line(err), err)

    def addSkip(self, test, reason):
        self._record(test, 'skip', str(reason))

    def addExpectedFailure(self, test, err):
        self._record(test, 'fail', 'marked expectedFailure in the suite: ' + self._last_line(err))

    def addUnexpectedSuccess(self, test):
        self._record(test, 'pass', 'marked expectedFailure in the suite')

    def addSubTest(self, test, subtest, err):
        if err is not None:
            if needs_account_in(err) is not None:
                self._record(subtest, 'needs-account', needs_account_in(err))
            else:
                self._record(subtest, 'fail', self._last_line(err), err)

    @staticmethod
    def _last_line(err):
        lines = ''.join(traceback.format_exception_only(err[0], err[1])).strip().splitlines()
        return lines[-1][:300] if lines else ''


def read_knownfail(path):
    """Samba's format: one regular expression per line matched against the test id; a reason
    after '#' on the same line is required here."""
    entries = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith('#'):
                continue
            pattern, _, reason = text.partition('#')
            pattern = pattern.strip()
            if not reason.strip():
                sys.exit(f'{path}:{n}: an entry needs a reason after "#"')
            try:
                entries.append((re.compile(pattern), reason.strip(), n))
            except re.error as e:
                sys.exit(f'{path}:{n}: not a regular expression: {e}')
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--knownfail', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--only', default=None)
    ap.add_argument('--prune', action='store_true',
                    help='rewrite the known-failure list without the entries whose tests all pass')
    ap.add_argument('modules', nargs='+')
    args = ap.parse_args()

    install_patches()
    known = read_knownfail(args.knownfail)
    module_env = json.loads(os.environ.get('CTLAB_SAMBA_MODULE_ENV', '{}'))
    base_env = dict(os.environ)
    only = re.compile(args.only) if args.only else None

    result = Result()
    started = time.time()
    for name in args.modules:
        full = f'samba.tests.krb5.{name}'
        os.environ.clear()
        os.environ.update(base_env)
        os.environ.update({k: str(v) for k, v in module_env.get(name, {}).items()})
        module = importlib.import_module(full)
        suite = unittest.defaultTestLoader.loadTestsFromModule(module)
        if only is not None:
            def keep(s):
                out = unittest.TestSuite()
                for t in s:
                    if isinstance(t, unittest.TestSuite):
                        out.addTests(keep(t))
                    elif only.search(t.id()):
                        out.addTest(t)
                return out
            suite = keep(suite)
        t0 = time.time()
        before = len(result.outcomes)
        suite.run(result)
        print(f'  {name}: {len(result.outcomes) - before} tests in {time.time() - t0:.1f} s', file=sys.stderr)

    counts = {'passed': 0, 'failed': 0, 'known failures': 0, 'needs-account': 0, 'skipped': 0}
    new_failures, fixed = [], []
    for tid, r in sorted(result.outcomes.items()):
        listed = next((k for k in known if k[0].search(tid)), None)
        r['knownfail'] = listed[1] if listed else None
        if r['outcome'] == 'pass':
            counts['passed'] += 1
            if listed:
                fixed.append((tid, listed))
        elif r['outcome'] == 'fail':
            if listed:
                counts['known failures'] += 1
            else:
                counts['failed'] += 1
                new_failures.append((tid, r['detail']))
        elif r['outcome'] == 'needs-account':
            counts['needs-account'] += 1
            if listed:
                fixed.append((tid, listed))
        else:
            counts['skipped'] += 1
            if listed:
                fixed.append((tid, listed))

    with open(args.json, 'w', encoding='utf-8') as f:
        json.dump({'counts': counts, 'seconds': round(time.time() - started, 1), 'tests': result.outcomes}, f, indent=1, sort_keys=True)

    if args.prune and fixed:
        still = {k[2] for k in known for tid, r in result.outcomes.items()
                 if r['outcome'] == 'fail' and k[0].search(tid)}
        gone = {line for _, (_, _, line) in fixed} - still
        with open(args.knownfail, encoding='utf-8') as f:
            lines = f.readlines()
        with open(args.knownfail, 'w', encoding='utf-8') as f:
            f.writelines(l for n, l in enumerate(lines, 1) if n not in gone)
        print(f'pruned {len(gone)} entries from {args.knownfail}')

    for tid, detail in new_failures:
        print(f'FAIL (not on the known-failure list): {tid}\n    {detail}')
    for tid, (pattern, reason, line) in fixed:
        print(f'{result.outcomes[tid]["outcome"].upper()} but listed as a known failure (remove line {line}: {pattern.pattern}): {tid}')
    print('samba krb5 suite: ' + ', '.join(f'{v} {k}' for k, v in counts.items()))
    return 1 if new_failures or fixed else 0


if __name__ == '__main__':
    sys.exit(main())
