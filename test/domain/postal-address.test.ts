import { describe, expect, it } from 'vitest';
import { postalAddressLines } from '../../src/domain/postal-address.ts';

describe('postalAddressLines', () => {
  it('writes a US address as city, state ZIP', () => {
    expect(
      postalAddressLines({
        line1: '1 Main Street',
        line2: 'Suite 2',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62704',
        country: 'United States',
      }),
    ).toEqual(['1 Main Street', 'Suite 2', 'Springfield, IL 62704', 'United States']);
  });

  it('writes a UK address with the town and the postcode on lines of their own', () => {
    expect(
      postalAddressLines({
        line1: '10 Downing Street',
        line2: '',
        city: 'London',
        region: '',
        postalCode: 'SW1A 2AA',
        country: 'UK',
      }),
    ).toEqual(['10 Downing Street', 'London', 'SW1A 2AA', 'UK']);
  });

  it('writes German and French addresses as postcode then city', () => {
    expect(
      postalAddressLines({
        line1: 'Unter den Linden 5',
        line2: '',
        city: 'Berlin',
        region: 'Berlin',
        postalCode: '10117',
        country: 'Deutschland',
      }),
    ).toEqual(['Unter den Linden 5', '10117 Berlin', 'Deutschland']);
    expect(
      postalAddressLines({
        line1: '8 rue de Rivoli',
        line2: '',
        city: 'Paris',
        region: 'Île-de-France',
        postalCode: '75001',
        country: 'France',
      }),
    ).toEqual(['8 rue de Rivoli', '75001 Paris', 'France']);
  });

  it('writes a Japanese address with the prefecture before the postcode, from the ISO code', () => {
    expect(
      postalAddressLines({
        line1: '1-1 Chiyoda',
        line2: '',
        city: 'Chiyoda-ku',
        region: 'Tokyo',
        postalCode: '100-8111',
        country: '日本',
        countryCode: 'JP',
      }),
    ).toEqual(['1-1 Chiyoda', 'Chiyoda-ku, Tokyo 100-8111', '日本']);
  });

  it('keeps the typed order when the country is unknown, and leaves out empty parts', () => {
    expect(
      postalAddressLines({
        line1: ' Somewhere 1 ',
        line2: '',
        city: 'Town',
        region: '',
        postalCode: '123',
        country: '',
      }),
    ).toEqual(['Somewhere 1', '123 Town']);
    expect(
      postalAddressLines({ line1: '', line2: '', city: '', region: '', postalCode: '', country: 'Germany' }),
    ).toEqual(['Germany']);
  });
});
