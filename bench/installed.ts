// Whether an external command the benchmark can use is installed.
import { execFileSync } from 'node:child_process';

/** Given a command and arguments that make it print its version, returns whether it ran. */
export function isInstalled(command: string, versionArgs: string[]): boolean {
  try {
    execFileSync(command, versionArgs, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
