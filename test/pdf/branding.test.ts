import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makePng, pngWithPixelData } from './pdf-tools.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function putLogo(payload: Buffer | string, contentType: string, token = t.adminToken) {
  const response = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/settings/logo',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload,
  });
  return { status: response.statusCode, body: response.json() };
}

/** A JPEG header with a baseline frame (SOF0) of the given size; enough for the size reader. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
  ]);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

describe('branding settings', () => {
  it('stores website, payment terms, payment instructions, footer and accent colour', async () => {
    const patched = await t.call('PATCH', '/api/v1/settings', {
      website: 'https://northwind.example',
      paymentTermsText: 'Due in 30 days',
      paymentInstructions: 'IBAN DE89 3704 0044 0532 0130 00',
      footer: 'Registered in Berlin, HRB 12345',
      accentColor: '#AA3300',
    });
    expect(patched.status).toBe(200);
    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body).toMatchObject({
      website: 'https://northwind.example',
      paymentTermsText: 'Due in 30 days',
      paymentInstructions: 'IBAN DE89 3704 0044 0532 0130 00',
      footer: 'Registered in Berlin, HRB 12345',
      accentColor: '#aa3300',
      logo: null,
    });
  });

  it('rejects an accent colour that is not #rrggbb, naming the field', async () => {
    for (const accentColor of ['red', '#abc', '#12345g']) {
      const response = await t.call('PATCH', '/api/v1/settings', { accentColor });
      expect(response.status).toBe(422);
      expect(response.body.errors[0].field).toBe('accentColor');
    }
    expect((await t.call('GET', '/api/v1/settings')).body.accentColor).toBe('#aa3300');
  });

  it('lets only admins change branding', async () => {
    const response = await t.call('PATCH', '/api/v1/settings', { footer: 'x' }, t.financeToken);
    expect(response.status).toBe(403);
  });
});

describe('logo upload', () => {
  it('refuses a text file sent as a PNG, by its content', async () => {
    const response = await putLogo('just some text, named logo.png', 'image/png');
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('body');
    expect(response.body.detail).toMatch(/not a PNG or JPEG/);
  });

  it('refuses images over 2000 pixels or over 1 MB', async () => {
    const wide = await putLogo(
      makePng(2100, 10, () => [0, 0, 0]),
      'image/png',
    );
    expect(wide.status).toBe(422);
    expect(wide.body.detail).toMatch(/2100 × 10 pixels; the limit is 2000 × 2000/);
    const tallJpeg = await putLogo(jpegHeader(100, 2500), 'image/jpeg');
    expect(tallJpeg.status).toBe(422);
    expect(tallJpeg.body.detail).toMatch(/100 × 2500/);
    // Noise does not compress: a 700 × 500 RGB image is about 1 MB.
    const noise = randomBytes(700 * 520 * 3);
    const noisy = makePng(700, 520, (x, y) => {
      const at = (y * 700 + x) * 3;
      return [noise[at]!, noise[at + 1]!, noise[at + 2]!];
    });
    expect(noisy.length).toBeGreaterThan(1024 * 1024);
    const heavy = await putLogo(noisy, 'image/png');
    expect(heavy.status).toBe(422);
    expect(heavy.body.detail).toMatch(/limit is 1048576/);
  });

  it('refuses a truncated PNG, a mismatched type and a non-image content type', async () => {
    const png = makePng(20, 10, () => [255, 0, 0]);
    const truncated = await putLogo(png.subarray(0, 40), 'image/png');
    expect(truncated.status).toBe(422);
    const mismatched = await putLogo(png, 'image/jpeg');
    expect(mismatched.status).toBe(422);
    expect(mismatched.body.errors[0].field).toBe('Content-Type');
    const text = await putLogo('hello', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.detail).toMatch(/image\/png or image\/jpeg/);
  });

  it('refuses a PNG whose pixel data is damaged, which no PDF could draw', async () => {
    const row = (filter: number) => Buffer.concat([Buffer.from([filter]), Buffer.alloc(20 * 3, 200)]);
    const damaged = {
      'not compressed data': randomBytes(300),
      'rows missing': deflateSync(Buffer.concat([row(0), row(0)])),
      'an unknown row filter': deflateSync(
        Buffer.concat(Array.from({ length: 10 }, (_, y) => row(y === 6 ? 9 : 1))),
      ),
    };
    for (const [what, pixelData] of Object.entries(damaged)) {
      const response = await putLogo(pngWithPixelData(20, 10, pixelData), 'image/png');
      expect(response.status, what).toBe(422);
      expect(response.body.detail, what).toMatch(/pixel data cannot be read/);
    }
    // The same rows, whole and with known filters, are a logo.
    const whole = deflateSync(Buffer.concat(Array.from({ length: 10 }, () => row(1))));
    expect((await putLogo(pngWithPixelData(20, 10, whole), 'image/png')).status).toBe(200);
  });

  it('accepts a small real PNG, serves it back, lists it in the settings and deletes it', async () => {
    const png = makePng(120, 40, (x) => [x * 2, 80, 160]);
    expect((await putLogo(png, 'image/png', t.financeToken)).status).toBe(403);
    const uploaded = await putLogo(png, 'image/png');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ mimeType: 'image/png', width: 120, height: 40, bytes: png.length });
    const served = await t.app.inject({
      method: 'GET',
      url: '/api/v1/settings/logo',
      headers: { authorization: `Bearer ${t.financeToken}` },
    });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png)).toBe(true);
    expect((await t.call('GET', '/api/v1/settings')).body.logo).toMatchObject({ width: 120, height: 40 });

    const jpeg = await putLogo(jpegHeader(300, 100), 'image/jpeg');
    expect(jpeg.status).toBe(200);
    expect(jpeg.body).toMatchObject({ mimeType: 'image/jpeg', width: 300, height: 100 });

    expect((await t.call('DELETE', '/api/v1/settings/logo')).status).toBe(204);
    expect((await t.call('GET', '/api/v1/settings/logo')).status).toBe(404);
    expect((await t.call('DELETE', '/api/v1/settings/logo')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/settings')).body.logo).toBeNull();
  });
});
