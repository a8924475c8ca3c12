/**
 * Minimal structured logger. Secrets (passwords, keys) are never logged unless the logger was
 * created with `debugSecrets: true` (the CLI's --debug-secrets flag); use `secret()` to wrap them.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: Level;
  debugSecrets?: boolean;
  sink?: (line: string) => void;
}

export class Logger {
  private readonly level: Level;
  private readonly sink: (line: string) => void;
  readonly debugSecrets: boolean;
  private readonly component: string;
  constructor(component: string, opts: LoggerOptions = {}) {
    this.component = component;
    this.level = opts.level ?? ((process.env.CTLAB_LOG_LEVEL as Level) || 'warn');
    this.debugSecrets = opts.debugSecrets ?? false;
    this.sink = opts.sink ?? ((line) => process.stderr.write(line + '\n'));
  }
  child(component: string): Logger {
    return new Logger(`${this.component}/${component}`, {
      level: this.level,
      debugSecrets: this.debugSecrets,
      sink: this.sink,
    });
  }
  /** Renders a secret only behind the debug flag. */
  secret(value: string | Uint8Array): string {
    if (!this.debugSecrets) return '<redacted>';
    return typeof value === 'string' ? value : Buffer.from(value).toString('hex');
  }
  log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this.sink(JSON.stringify({ t: new Date().toISOString(), level, c: this.component, msg, ...fields }));
  }
  debug(msg: string, f?: Record<string, unknown>): void {
    this.log('debug', msg, f);
  }
  info(msg: string, f?: Record<string, unknown>): void {
    this.log('info', msg, f);
  }
  warn(msg: string, f?: Record<string, unknown>): void {
    this.log('warn', msg, f);
  }
  error(msg: string, f?: Record<string, unknown>): void {
    this.log('error', msg, f);
  }
}
