/**
 * The training page's Sign in button: the emulated device's cloud-trust sign-in (clients/device)
 * run in `ctlab up`'s process against the lab's own ready file, over the wire like any client,
 * with the device settings `ctlab signin` takes from the scenario. Its steps go into the lab's
 * trace (service 'device'), so the page draws them beside the services' own events. The password
 * is the one the page sent, else the scenario's; it goes only to the token endpoint and the KDC,
 * never into the trace or the answer.
 */
import type { LabFile } from '../../emulator/lab.ts';
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import type { Trace } from '../../emulator/trace/trace.ts';
import type { UiSignIn, UiSignInAnswer } from '../../emulator/ui/server.ts';
import { diagnose } from '../diagnosis/index.ts';
import type { UiDeviceState } from './ui-tools.ts';
import { signIn } from '../device/index.ts';
import { deviceSettings, scenarioPassword } from '../device/scenario.ts';

export function uiSignIn(lab: LabFile | (() => LabFile), scenario: Scenario | (() => Scenario), trace: Trace, state?: UiDeviceState): UiSignIn {
  const emit = trace.sink('device', Date.now);
  return async (req): Promise<UiSignInAnswer> => {
    // Read at each sign-in: a lab restarted on another scenario has other settings and services.
    const s = typeof scenario === 'function' ? scenario() : scenario;
    const settings = deviceSettings(s);
    const password = req.password || scenarioPassword(s, req.upn);
    const r = await signIn({
      lab: typeof lab === 'function' ? lab() : lab,
      upn: req.upn,
      ...(password !== undefined ? { password } : {}),
      ...(req.hello ? { hello: true } : {}),
      ...settings,
      trace: (e) => emit(e),
    });
    if (state) state.last = { upn: req.upn, at: Date.now(), run: r };
    const behind = r.failure ? diagnose(s, req.upn, r.failure).findings : undefined;
    return { ok: r.ok, steps: r.steps, tickets: r.tickets, ...(r.failure ? { failure: r.failure } : {}), ...(behind ? { settings: behind } : {}) };
  };
}
