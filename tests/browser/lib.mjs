// lib.mjs — what the browser tests share: a real loket-sync with the demo on a loopback port,
// its mail (a fake sendmail keeps each message as a file), a desk that syncs as its own process,
// Debian's Chromium, and axe-core.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export function need(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set (meson test sets it)`);
  return value;
}

// Loads playwright-core, or says what to run when `npm ci` has not been.
export async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (e) {
    throw new Error('playwright-core is missing: run `npm ci --prefix tests/browser` ' +
                    '(.ci/install-deps does it)');
  }
}

export class Server {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'loket-browser-'));
    this.db = join(this.dir, 'server.db');
    this.mailDir = join(this.dir, 'mail');
    this.config = join(this.dir, 'loket-sync.conf');
  }

  // A free port, so the configuration can name the address citizens' links point at (the
  // deliver command composes mails without knowing where the server listens).
  async pickPort() {
    return await new Promise((resolve, reject) => {
      const probe = createServer();
      probe.on('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const port = probe.address().port;
        probe.close(() => resolve(port));
      });
    });
  }

  writeConfig(port) {
    writeFileSync(this.config, [
      '[server]',
      '[public]',
      `url=http://127.0.0.1:${port}`,
      // One client (the test) makes every request: no per-address limit gets in the way.
      'requests-per-minute=0',
      'bookings-per-hour=0',
      '[mail]',
      `sendmail=${join(here, 'fake-sendmail')} ${this.mailDir} -t -i`,
      '',
    ].join('\n'));
  }

  async start() {
    const bin = need('LOKET_SYNC_BIN');
    const port = await this.pickPort();
    this.writeConfig(port);
    this.process = spawn(bin, ['--db', this.db, '--demo', '--listen', `127.0.0.1:${port}`,
                               '--config', this.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.stderr = '';
    this.process.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.url = await new Promise((resolve, reject) => {
      let out = '';
      this.process.stdout.on('data', (chunk) => {
        out += chunk;
        const match = out.match(/listening on (http:\/\/\S+)/);
        if (match)
          resolve(match[1]);
      });
      this.process.on('exit', (code) => reject(new Error(`loket-sync exited (${code}): ${this.stderr}`)));
    });
    return this.url;
  }

  // Delivers what is due now (loket-sync's deliver command), so a test need not wait for the
  // server's own round.
  deliver() {
    execFileSync(need('LOKET_SYNC_BIN'), ['--db', this.db, '--config', this.config, 'deliver'],
                 { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  mails() {
    let names = [];
    try {
      names = readdirSync(this.mailDir).filter((n) => n.endsWith('.eml')).sort();
    } catch (e) {
      return [];
    }
    return names.map((n) => parseMail(readFileSync(join(this.mailDir, n), 'latin1')));
  }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.on('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.substr(i + 1, 2))) {
      bytes.push(parseInt(soft.substr(i + 1, 2), 16));
      i += 2;
    } else {
      bytes.push(soft.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodePart(headers, body) {
  const encoding = (headers.match(/^content-transfer-encoding:\s*(\S+)/im) || [])[1] || '7bit';
  if (/^base64$/i.test(encoding))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/^quoted-printable$/i.test(encoding))
    return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1').toString('utf8');
}

function decodeHeaderWords(value) {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, text) =>
    kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8')
                               : decodeQuotedPrintable(text.replace(/_/g, ' ')));
}

// A MIME message as {subject, to, text, parts: [{type, text}]} (enough for our own mails).
export function parseMail(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name) => (head.match(new RegExp(`^${name}:\\s*(.*)$`, 'im')) || [])[1] || '';
  const type = header('content-type');
  const parts = [];
  const boundary = (type.match(/boundary="?([^";]+)"?/i) || [])[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--'))
        break;
      const at = chunk.search(/\r?\n\r?\n/);
      const partHead = chunk.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
      const partBody = chunk.slice(at).replace(/^\r?\n\r?\n/, '');
      parts.push({ type: (partHead.match(/content-type:\s*([^;\r\n]+)/i) || [])[1] || '',
                   text: decodePart(partHead, partBody) });
    }
  } else {
    parts.push({ type: type.split(';')[0], text: decodePart(head, body) });
  }
  const plain = parts.find((p) => /text\/plain/i.test(p.type));
  return { subject: decodeHeaderWords(header('subject')), to: header('to'),
           text: plain ? plain.text : '', parts };
}

// A desk of the demo user balie (Stadhuis) that signs in once and syncs as its own process.
export class Desk {
  constructor(server) {
    this.server = server;
    this.replica = join(server.dir, 'desk.db');
    this.loggedIn = false;
  }

  sync() {
    const args = ['--replica', this.replica, '--server', this.server.url, '--user', 'balie',
                  '--password', 'demo', '--sync', '--retry-ms', '5000'];
    if (!this.loggedIn)
      args.push('--login');
    execFileSync(need('LOKET_DESK_SIM'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.loggedIn = true;
  }

  query(sql) {
    const out = execFileSync('sqlite3', ['-json', this.replica, sql], { encoding: 'utf8' });
    return out.trim() === '' ? [] : JSON.parse(out);
  }
}

// axe-core in the page (the context bypasses the pages' CSP, which forbids every script):
// fails with the list of serious and critical violations.
export async function checkAccessible(page, what) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
                                                               'wcag21aa', 'best-practice'] } }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map((v) => `  ${v.impact}: ${v.id} — ${v.help} (${v.nodes.length}×: ` +
                                 v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ') + ')');
    throw new Error(`${what}: axe-core found ${bad.length} serious or critical violation(s):\n` +
                    lines.join('\n'));
  }
  return result.violations.length;
}

export function check(condition, message) {
  if (!condition)
    throw new Error(message);
}
