/**
 * Rules of the volume step (issue 17 item 3) beyond FR-21's arithmetic (dispensing-modes.ts):
 *  - a value typed from a volumetric device is a reading at the device's resolution: a positive
 *    decimal that is a whole multiple of it ("12.35 mL" is not a reading of a 0.1 mL cylinder),
 *    and no more than the device holds;
 *  - a volume weighed on a balance is shown as net ÷ density, half-up to 0.01 mL, for the
 *    operator and the record only: there the mass decides, at the balance's readability.
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { convertMass, type Mass } from '../mass.ts';
import { err, ok, type Result } from '../result.ts';

const Decimal = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -80, toExpPos: 80 });
const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;

export function checkVolumeReading(volumeMl: string, device: { deviceId: string; resolutionMl: string; capacityMl: string }): Result<string> {
  if (!DECIMAL.test(volumeMl) || new Decimal(volumeMl).lte(0)) return err('VOLUME_NOT_AT_RESOLUTION', `${volumeMl} is not a volume in mL`, { volumeMl, resolutionMl: device.resolutionMl });
  const v = new Decimal(volumeMl);
  if (!v.mod(device.resolutionMl).isZero()) {
    return err('VOLUME_NOT_AT_RESOLUTION', `${volumeMl} mL is not a reading of ${device.deviceId}, which reads in steps of ${device.resolutionMl} mL`, { volumeMl, deviceId: device.deviceId, resolutionMl: device.resolutionMl });
  }
  if (v.gt(device.capacityMl)) return err('VOLUME_ABOVE_CAPACITY', `${volumeMl} mL is more than ${device.deviceId} holds (${device.capacityMl} mL)`, { volumeMl, deviceId: device.deviceId, capacityMl: device.capacityMl });
  // Shown with the device's decimals: "25.0" on a 0.5 mL cylinder, as it reads.
  return ok(v.toFixed(new Decimal(device.resolutionMl).decimalPlaces()));
}

/** The volume a weighed net makes: net (g) ÷ density, half-up to 0.01 mL. */
export function volumeShown(net: Mass, densityGPerMl: string): string | null {
  if (!DECIMAL.test(densityGPerMl) || new Decimal(densityGPerMl).lte(0)) return null;
  return new Decimal(convertMass(net, 'g').amount).dividedBy(densityGPerMl).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}
