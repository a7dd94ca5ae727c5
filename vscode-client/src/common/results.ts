/**
 * The `nca.*` commands' results, read defensively and put into words for notifications.
 * No `vscode` import.
 */

export interface Backup {
    id: string;
    created: string;
    message: string;
    files: string[];
    workspace?: string;
}

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => value !== null && typeof value === 'object' && !Array.isArray(value);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const plural = (n: number, word: string): string =>
    `${n} ${word}${n === 1 ? '' : /(s|x|sh|ch)$/.test(word) ? 'es' : 's'}`;

/** Returns the backups in an `nca.listBackups` result, skipping entries without an id. */
export function parseBackups(result: unknown): Backup[] {
    if (!Array.isArray(result)) {
        return [];
    }
    return result.filter(isDict).filter((b) => str(b.id) !== '').map((b) => ({
        id: str(b.id),
        created: str(b.created),
        message: str(b.message),
        files: Array.isArray(b.files) ? b.files.filter((f): f is string => typeof f === 'string') : [],
        workspace: str(b.workspace) || undefined,
    }));
}

/** Returns a quick-pick row for a backup: short id and date, message, files. */
export function backupLabel(backup: Backup): { label: string; description: string; detail: string } {
    const when = backup.created.replace('T', ' ').replace(/(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/, '');
    const files = backup.files.length <= 3
        ? backup.files.join(', ')
        : `${backup.files.slice(0, 3).join(', ')} and ${backup.files.length - 3} more`;
    return { label: `${backup.id.slice(0, 12)}  ${when}`, description: backup.message, detail: files };
}

export interface Outcome {
    /** 'info' when there is nothing to worry about, 'warning' when something was left. */
    level: 'info' | 'warning' | 'error';
    message: string;
}

/** Returns the words for a command result that says it was cancelled, if it does. */
function cancelled(result: unknown): Outcome | undefined {
    return isDict(result) && result.cancelled === true ? { level: 'info', message: 'NCA: cancelled.' } : undefined;
}

/** Returns the words for an `nca.fixFile` result. */
export function describeFixFile(result: unknown): Outcome {
    if (cancelled(result)) {
        return cancelled(result) as Outcome;
    }
    if (!isDict(result)) {
        return { level: 'error', message: 'NCA: the server gave no result for the fix.' };
    }
    const fixes = num(result.fixes);
    const left = num(result.left);
    const reason = str(result.reason);
    if (fixes === 0) {
        return { level: left ? 'warning' : 'info', message: left ? `NCA: no verified fix${reason ? `: ${reason}` : ''} (${plural(left, 'problem')} left).` : 'NCA: nothing to fix.' };
    }
    if (result.applied === false) {
        return { level: 'warning', message: `NCA: ${plural(fixes, 'verified fix')} found but the editor did not apply them${reason ? `: ${reason}` : ''}.` };
    }
    const rest = left ? `; ${plural(left, 'problem')} left` : '';
    return { level: left ? 'warning' : 'info', message: `NCA: applied ${plural(fixes, 'verified fix')}${rest}.` };
}

/** Returns the words for an `nca.fixWorkspace` result. */
export function describeFixWorkspace(result: unknown): Outcome {
    if (cancelled(result)) {
        return cancelled(result) as Outcome;
    }
    if (!isDict(result)) {
        return { level: 'error', message: 'NCA: the server gave no result for the workspace fix.' };
    }
    const skipped = num(result.skipped) ? `, ${num(result.skipped)} skipped` : '';
    const base = `${plural(num(result.files), 'file')} checked${skipped}`;
    if (num(result.changed) === 0) {
        return { level: 'info', message: `NCA: no verified fixes (${base}).` };
    }
    const applied = result.applied === false ? ' but the editor did not apply them' : '';
    return {
        level: applied ? 'warning' : 'info',
        message: `NCA: ${plural(num(result.fixes), 'verified fix')} in ${plural(num(result.changed), 'file')}${applied} (${base}).`,
    };
}

/** Returns the words for an `nca.runTests` or `nca.debugLog` result, and the files it flagged. */
export function describeFindings(result: unknown, what: 'tests' | 'log'): Outcome & { files: string[] } {
    const stopped = cancelled(result);
    if (stopped) {
        return { ...stopped, files: [] };
    }
    if (!isDict(result)) {
        return { level: 'error', message: 'NCA: the server gave no result.', files: [] };
    }
    const files = Array.isArray(result.files) ? result.files.filter((f): f is string => typeof f === 'string') : [];
    const problems = num(result.problems);
    const headline = str(result.headline);
    if (what === 'tests') {
        if (result.timedOut === true) {
            return { level: 'error', message: `NCA: the tests timed out (${str(result.command)}).`, files };
        }
        if (result.returncode === 0) {
            return { level: 'info', message: 'NCA: the tests pass.', files };
        }
    }
    const where = problems ? ` ${plural(problems, 'problem')} in ${plural(files.length, 'file')}; see Problems.` : '';
    const head = headline || (what === 'tests' ? 'the tests fail' : 'nothing recognised in the log');
    return { level: problems || what === 'tests' ? 'warning' : 'info', message: `NCA: ${head}.${where}`.replace('..', '.'), files };
}

/** Returns the words for an `nca.restoreBackup` result. */
export function describeRestore(result: unknown, id: string): Outcome {
    if (!isDict(result) || !Array.isArray(result.restored)) {
        return { level: 'error', message: `NCA: the server gave no result for restoring ${id.slice(0, 12)}.` };
    }
    const files = result.restored.filter((f): f is string => typeof f === 'string');
    return { level: 'info', message: `NCA: restored ${plural(files.length, 'file')} from ${id.slice(0, 12)}: ${files.join(', ')}.` };
}

/** Returns text and a language id for showing an `nca.showMemory` result in an editor. */
export function memoryDocument(result: unknown): { language: 'markdown' | 'json'; content: string } {
    if (typeof result === 'string') {
        return { language: 'markdown', content: result };
    }
    if (isDict(result) && typeof result.markdown === 'string') {
        return { language: 'markdown', content: result.markdown };
    }
    return { language: 'json', content: JSON.stringify(result ?? null, null, 2) };
}

/** Returns the URL in an `nca.httpAddress` result (a string or `{url}`), if any. */
export function addressUrl(result: unknown): string | undefined {
    const url = typeof result === 'string' ? result : isDict(result) ? str(result.url) : '';
    return /^https?:\/\//.test(url) ? url : undefined;
}
