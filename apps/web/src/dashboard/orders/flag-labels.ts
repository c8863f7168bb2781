/** Each order flag the server sets (docs/ERRORS.md, "Order flags"), in words. */
const FLAG_LABELS: Record<string, string> = {
  'product.unknown': 'Unknown product',
  'product.inactive': 'Product off the menu',
  'price.changed': 'Price changed',
  'catalog.stale': 'Old menu on the device',
  'clock.skewed': "Device's clock off",
  'wristband.unknown': 'Unknown wristband, not charged',
  'wristband.blocked': 'Blocked wristband, not charged',
  'pricing.server_lower': 'Charged the lower server price',
  'pricing.device_lower': 'Charged the lower device total',
};

/** A flag in words; a flag newer than this page shows as its code. */
export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? flag;
}
