// Runs the built action as the Actions runner does: a child process with INPUT_*, the event
// file, GITHUB_* variables, and files for outputs and the step summary.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** workflow commands the action printed (::error file=…::, ::warning …, ::notice …) */
  annotations: string[];
  /** the JSON report the `report` output points at, when there is one */
  report: unknown;
}

export interface ActionOptions {
  apiUrl: string;
  eventName: string;
  event: unknown;
  inputs?: Record<string, string>;
  repository?: string;
  /** GITHUB_WORKSPACE; left unset when absent */
  workspace?: string;
  /** more of the runner's environment, such as HTTPS_PROXY */
  env?: Record<string, string>;
}

const ENTRY = resolve('dist/index.js');

/** Runs `node dist/index.js` once and collects what a runner would. */
export async function runAction(options: ActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-run-'));
  try {
    const eventPath = join(dir, 'event.json');
    const outputPath = join(dir, 'output');
    const summaryPath = join(dir, 'summary');
    writeFileSync(eventPath, JSON.stringify(options.event));
    writeFileSync(outputPath, '');
    writeFileSync(summaryPath, '');
    const inputs = { token: 'test-token', ...options.inputs };
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository ?? 'acme/access',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: dir,
      ...(options.workspace ? { GITHUB_WORKSPACE: options.workspace } : {}),
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    const outputs = parseOutputs(readFileSync(outputPath, 'utf8'));
    return {
      code,
      stdout,
      stderr,
      outputs,
      report: outputs['report'] ? JSON.parse(readFileSync(outputs['report'], 'utf8')) : undefined,
      summary: readFileSync(summaryPath, 'utf8'),
      annotations: stdout.split('\n').filter((l) => /^::(error|warning|notice)/.test(l)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks.
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}
