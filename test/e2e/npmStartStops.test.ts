import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../harness/freePort';

const root = join(__dirname, '..', '..');

/** Pids of every live process below `pid` (children, grandchildren…), read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parentOf.set(Number(entry), Number(ppid));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number): void => {
    for (const [child, parent] of parentOf) {
      if (parent !== p) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** True when something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  brokerPort: number;
  codeServerPort: number;
}

/**
 * `npm start` as a user runs it, in its own process group (a terminal's foreground job), with
 * code-server even where a `code` command exists; resolves once it prints where TraceMQ runs.
 */
async function startNpmStart(): Promise<Started> {
  const brokerPort = await freePort();
  const codeServerPort = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRACEMQ_FORCE_CODE_SERVER: '1', TRACEMQ_DEMO_PORT: String(brokerPort), TRACEMQ_CODE_SERVER_PORT: String(codeServerPort) },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    npm.once('exit', (code) => {
      resolve(code);
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('TraceMQ in code-server:')) resolve();
    };
    npm.stdout.on('data', onData);
    npm.stderr.on('data', onData);
    void exited.then((code) => {
      reject(new Error(`npm start exited (${code ?? 'signal'}) before code-server ran:\n${output.slice(-3000)}`));
    });
  });
  return { npm, output: () => output, exited, brokerPort, codeServerPort };
}

/**
 * `npm start` stops on Ctrl+C and on SIGTERM (issue 27's trial: only SIGKILL stopped it): the
 * demo streams, code-server and the broker stop within seconds, it says "stopping" and "stopped",
 * and exits 0 with nothing left listening.
 */
describe('npm start (code-server, mosquitto): stopping', function () {
  this.timeout(120_000);
  let run: Started | undefined;

  afterEach(() => {
    // Whatever a failed test left behind: every process below npm, each in its own group.
    const pid = run?.npm.pid;
    if (pid === undefined) return;
    for (const p of [pid, ...descendants(pid)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // gone
      }
    }
    run = undefined;
  });

  const cases = [
    // A terminal's Ctrl+C goes to the whole foreground process group.
    { name: 'Ctrl+C (SIGINT to its process group, as a terminal sends it)', send: (npm: ChildProcess) => process.kill(-(npm.pid ?? 0), 'SIGINT') },
    // `kill PID` goes to npm alone, which passes it on.
    { name: 'SIGTERM to npm alone', send: (npm: ChildProcess) => npm.kill('SIGTERM') },
  ];
  for (const { name, send } of cases) {
    it(`on ${name}, stops code-server, the demo streams and the broker, says so and exits 0 with nothing left listening`, async () => {
      run = await startNpmStart();
      const started = run.output().length;
      assert.ok(await listening(run.brokerPort), 'the demo broker listens before');
      assert.ok(await listening(run.codeServerPort), 'code-server listens before');
      send(run.npm);
      const code = await run.exited;
      const said = run.output().slice(started);
      assert.deepEqual(
        [code, /stopping/.test(said), /\bstopped\b/.test(said), await listening(run.brokerPort), await listening(run.codeServerPort), descendants(run.npm.pid ?? 0)],
        [0, true, true, false, false, []],
        said,
      );
    });
  }
});
