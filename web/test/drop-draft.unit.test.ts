import { draftFrom, validate, type DropDraft } from '../src/features/creator/drop-draft';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const local = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const good: DropDraft = {
  productId: '4', startsAt: local('2026-12-01T12:00:00Z'), endsAt: local('2026-12-01T13:00:00Z'), totalStock: '50',
  perUserLimit: '2', admissionRatePerS: '25', checkoutWindowS: '120',
};

describe('the drop schedule form', () => {
  it('turns a valid draft into the API body (times as UTC instants, numbers as numbers)', () => {
    expect(validate(good, NOW)).toEqual({
      errors: {},
      values: {
        productId: 4, startsAt: '2026-12-01T12:00:00.000Z', endsAt: '2026-12-01T13:00:00.000Z', totalStock: 50,
        perUserLimit: 2, admissionRatePerS: 25, checkoutWindowS: 120,
      },
    });
  });

  it('explains every problem before anything is sent', () => {
    const { values, errors } = validate({
      ...good, productId: '', startsAt: local('2026-12-01T09:00:00Z'), endsAt: local('2026-12-01T08:00:00Z'),
      totalStock: '0', perUserLimit: 'x', admissionRatePerS: '1.5', checkoutWindowS: '5',
    }, NOW);
    expect(values).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(
      ['admissionRatePerS', 'checkoutWindowS', 'endsAt', 'perUserLimit', 'productId', 'startsAt', 'totalStock']);
    expect(errors.startsAt).toBe('The start must be in the future.');
  });

  it('refuses a per-person limit above the stock', () => {
    expect(validate({ ...good, totalStock: '3', perUserLimit: '5' }, NOW).errors.perUserLimit)
      .toBe('The per-person limit cannot be above the stock.');
  });

  it('starts a new draft on the next quarter hour, an hour long, for the chosen product', () => {
    const d = draftFrom(undefined, 9);
    expect(d.productId).toBe('9');
    expect(Number(d.startsAt.slice(-2)) % 15).toBe(0);
    expect(Date.parse(d.endsAt) - Date.parse(d.startsAt)).toBe(3600_000);
  });
});
