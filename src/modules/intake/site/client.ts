/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import sodiumModule from 'libsodium-wrappers-sumo';
import { FILE_PAD_FLOOR, MESSAGE_PAD_FLOOR, META_PAD_FLOOR, padBytes, paddedJson } from '../padding';

/**
 * The intake site's only script, bundled at start-up and served from our own origin. It upgrades the
 * server-rendered forms: answers and files are encrypted here, in the browser, to the organisation's
 * recipients (formats as in src/modules/intake/intake.crypto.ts), and only ciphertext is uploaded. If
 * libsodium cannot load (WebAssembly disabled, e.g. Tor Browser "Safer"), the forms stay plain HTML forms and
 * the server encrypts on receipt instead.
 */
type S = typeof sodiumModule;
const AD = 'supolka-intake-v1';
const CHUNK = 64 * 1024;

function quickExit(): void {
  const a = document.getElementById('quick-exit');
  a?.addEventListener('click', (e) => {
    e.preventDefault();
    // replace(): the intake page leaves the tab's history, so Back does not return to it.
    window.location.replace((a as HTMLAnchorElement).href);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && a) window.location.replace((a as HTMLAnchorElement).href);
  });
}

const b64 = (s: S, bytes: Uint8Array): string => s.to_base64(bytes, s.base64_variants.ORIGINAL);
const unb64 = (s: S, text: string): Uint8Array => s.from_base64(text, s.base64_variants.ORIGINAL);

function encryptJson(s: S, key: Uint8Array, value: unknown, floor = MESSAGE_PAD_FLOOR): string {
  const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ct = s.crypto_aead_xchacha20poly1305_ietf_encrypt(paddedJson(value, floor), AD, null, nonce, key);
  const out = new Uint8Array(nonce.length + ct.length);
  out.set(nonce);
  out.set(ct, nonce.length);
  return b64(s, out);
}

function encryptFile(s: S, key: Uint8Array, plain: Uint8Array): Uint8Array {
  const data = padBytes(plain, FILE_PAD_FLOOR);
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  const parts: Uint8Array[] = [header];
  let offset = 0;
  do {
    const end = Math.min(offset + CHUNK, data.length);
    const tag =
      end >= data.length
        ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    parts.push(s.crypto_secretstream_xchacha20poly1305_push(state, data.subarray(offset, end), null, tag));
    offset = end;
  } while (offset < data.length);
  data.fill(0);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function zeroBits(hash: Uint8Array, bits: number): boolean {
  let remaining = bits;
  for (const byte of hash) {
    if (remaining <= 0) return true;
    if (remaining >= 8) {
      if (byte !== 0) return false;
      remaining -= 8;
    } else return byte >> (8 - remaining) === 0;
  }
  return remaining <= 0;
}

function solvePow(s: S, challenge: string, bits: number): string {
  for (let i = 0; ; i++) {
    const nonce = i.toString(36);
    if (zeroBits(s.crypto_hash_sha256(`${challenge}:${nonce}`), bits)) return nonce;
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as T;
}

interface Holder {
  id: string;
  publicKey: string;
}

async function encryptAndSend(s: S, form: HTMLFormElement): Promise<Response> {
  const kind = form.dataset.intake === 'followup' ? 'followup' : 'submission';
  const data = new FormData(form);
  const str = (name: string): string => {
    const v = data.get(name);
    return typeof v === 'string' ? v : '';
  };
  const lang = str('lang');
  const answers: Record<string, string> = {};
  for (const [k, v] of data.entries())
    if (k.startsWith('a_') && typeof v === 'string' && v.trim()) answers[k.slice(2)] = v.trim();
  const body =
    kind === 'submission'
      ? { v: 1, kind, lang, questionnaire: str('questionnaire'), answers }
      : { v: 1, kind, text: str('text').trim() };
  const files = data
    .getAll('files')
    .filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));

  const [{ holders }, pow] = await Promise.all([
    getJson<{ holders: Holder[] }>('/api/recipients'),
    getJson<{ challenge: string; bits: number }>('/api/pow'),
  ]);
  const nonce = solvePow(s, pow.challenge, pow.bits);
  const key = s.crypto_aead_xchacha20poly1305_ietf_keygen();
  const message = {
    ciphertext: encryptJson(s, key, body),
    keys: holders.map((h) => ({
      holder: h.id,
      sealed: b64(s, s.crypto_box_seal(key, unb64(s, h.publicKey))),
    })),
  };
  const sealedFiles: Array<{ meta: string; data: string }> = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    sealedFiles.push({
      meta: encryptJson(
        s,
        key,
        {
          name: f.name.slice(0, 255),
          type: (f.type || 'application/octet-stream').slice(0, 100),
          size: bytes.length,
        },
        META_PAD_FLOOR,
      ),
      data: b64(s, encryptFile(s, key, bytes)),
    });
    bytes.fill(0);
  }
  s.memzero(key);
  return fetch(kind === 'submission' ? '/api/submit' : '/api/followup', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      pow: { challenge: pow.challenge, nonce },
      lang,
      questionnaire: str('questionnaire') || undefined,
      token: str('token') || undefined,
      message,
      files: sealedFiles,
    }),
  });
}

function upgrade(s: S, form: HTMLFormElement): void {
  const status = document.getElementById('enc-status');
  if (status?.dataset.on) status.textContent = status.dataset.on;
  form.dataset.encrypting = 'browser';
  const errorBox = document.getElementById('js-error');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  const label = button?.textContent ?? '';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (errorBox) errorBox.hidden = true;
    if (button) {
      button.disabled = true;
      button.textContent = form.dataset.working ?? label;
    }
    const fail = (text: string | undefined): void => {
      if (errorBox) {
        errorBox.textContent = text ?? '';
        errorBox.hidden = false;
      }
      if (button) {
        button.disabled = false;
        button.textContent = label;
      }
    };
    void (async () => {
      try {
        let res = await encryptAndSend(s, form);
        // 409: the recipients changed after the page loaded; fetch them again once.
        if (res.status === 409) res = await encryptAndSend(s, form);
        if (res.status === 413) return fail(form.dataset.tooLarge);
        if (res.status === 503 || res.status === 429) return fail(form.dataset.unavailable);
        if (!res.ok) return fail(form.dataset.error);
        const out = (await res.json()) as { receipt?: string };
        if (out.receipt) {
          const view = document.getElementById('receipt-view');
          const number = document.getElementById('receipt-number');
          if (number) number.textContent = out.receipt.replace(/(\d{4})(?=\d)/g, '$1 ');
          document.getElementById('form-view')?.setAttribute('hidden', '');
          view?.removeAttribute('hidden');
          form.reset();
          return;
        }
        form.reset();
        document.getElementById('js-sent')?.removeAttribute('hidden');
        if (button) {
          button.disabled = false;
          button.textContent = label;
        }
      } catch {
        fail(form.dataset.error);
      }
    })();
  });
}

async function main(): Promise<void> {
  quickExit();
  const forms = [...document.querySelectorAll<HTMLFormElement>('form[data-intake]')];
  if (forms.length === 0) return;
  let s: S;
  try {
    await sodiumModule.ready;
    s = sodiumModule;
  } catch {
    return;
  }
  for (const f of forms) upgrade(s, f);
  document.documentElement.dataset.encryption = 'browser';
}

void main();
