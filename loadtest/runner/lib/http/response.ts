// k6's http Response object: status, body, lazily canonicalised headers, json(selector).

/** Timing fields k6 reports per request (ms). */
export interface Timings {
  duration: number; waiting: number; receiving: number; sending: number;
  blocked: number; connecting: number; tls_handshaking: number;
}
interface ResponseFields {
  url: string;
  status: number;
  status_text: string;
  proto: string;
  body: string | ArrayBuffer | null;
  error: string;
  error_code: number;
  timings: Timings;
  request: { method: string; url: string; headers: Record<string, string | number>; body: string | Buffer | null };
}

// Go-style canonical header names ("content-type" -> "Content-Type"), as k6 returns them.
function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
}

// Minimal gjson-ish selector: "a.b.0.c", and "items.#" for array length.
function select(value: unknown, selector: string): unknown {
  let cur = value;
  for (const part of String(selector).split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (part === '#' && Array.isArray(cur)) return cur.length;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export class Response {
  url: string;
  status: number;
  status_text: string;
  proto: string;
  body: string | ArrayBuffer | null;
  error: string;
  error_code: number;
  timings: Timings;
  request: ResponseFields['request'];
  // Private fields keep the object JSON/console friendly and cheap to build.
  #rawHeaders: string[] | null;
  #headers: Record<string, string> | undefined;
  #parsed: unknown;

  constructor(f: ResponseFields, rawHeaders: string[] | null) {
    this.url = f.url;
    this.status = f.status;
    this.status_text = f.status_text;
    this.proto = f.proto;
    this.body = f.body;
    this.error = f.error;
    this.error_code = f.error_code;
    this.timings = f.timings;
    this.request = f.request;
    this.#rawHeaders = rawHeaders;
  }

  // Header names are canonicalised lazily: most scripts never read headers.
  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      const out: Record<string, string> = {};
      const raw = this.#rawHeaders ?? [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const k = canonical(String(raw[i]).toLowerCase());
        const v = String(raw[i + 1]);
        out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
      }
      this.#headers = out;
    }
    return this.#headers;
  }

  json(selector?: string): unknown {
    if (this.body === null || this.body === undefined) throw new Error('the body is null so we can\'t transform it to JSON');
    if (this.#parsed === undefined) {
      this.#parsed = JSON.parse(typeof this.body === 'string' ? this.body : Buffer.from(this.body).toString('utf8'));
    }
    return selector === undefined ? this.#parsed : select(this.#parsed, selector);
  }

  html(): never {
    throw new Error('Response.html() is not supported by the LiveDrop runner');
  }

  toJSON(): object {
    return { ...this, headers: this.headers };
  }
}
