/**
 * A new station's first two entries: `station.initialised` (identity + the CA it trusts)
 * and the station's own certificate, whose key signs checkpoints. A standalone station makes
 * a local site CA; an enrolled one receives the hub's CA and certificate instead.
 */
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { createSiteCa } from '../../../src-core/pki/site-ca.ts';
import type { KeySource } from '../../../src-core/pki/key-source.ts';
import type { StationMode } from '../../../src-shared/ledger/entry-types/station.ts';
import { localSiteCa, type SiteCaAccess } from './site-ca-access.ts';

export interface StationIdentity {
  stationId: string;
  name: string;
  site: string;
  timeZone: string;
}

export interface BootstrapResult {
  genesis: NewEntry[];
  caCertPem: string;
  caKeyPem: string;
  stationKeyPem: string;
  stationCertPem: string;
  stationCertFingerprint: string;
  ca: SiteCaAccess;
}

/** Fixed in the genesis for good: production or training, and the checkpoint interval verify holds the ledger to. */
export interface GenesisFields {
  mode: StationMode;
  checkpointEvery: number;
}

export function bootstrapStation(identity: StationIdentity, now: Date, softwareVersion: string, keys: KeySource, fields: GenesisFields): BootstrapResult {
  const siteCa = createSiteCa({ commonName: `${identity.site} Batchline site CA (local, ${identity.stationId})`, organisation: identity.site, validDays: 10 * 365, now, ...(keys.nextCa ? { keyPair: keys.nextCa() } : {}) });
  const ca = localSiteCa(siteCa.certPem, siteCa.keyPem);
  const stationKeys = keys.next();
  const cert = ca.issue('station', identity.stationId, identity.name, stationKeys.publicKeyPem, now);
  return {
    genesis: [
      { type: 'station.initialised', actor: null, payload: { ...identity, caCertPem: siteCa.certPem, softwareVersion, ...fields } },
      { type: 'certificate.issued', actor: null, payload: cert },
    ],
    caCertPem: siteCa.certPem,
    caKeyPem: siteCa.keyPem,
    stationKeyPem: stationKeys.privateKeyPem,
    stationCertPem: cert.certPem,
    stationCertFingerprint: cert.fingerprint,
    ca,
  };
}
