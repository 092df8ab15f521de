/**
 * IQ of the installation itself: the version installed, every shipped file against the release
 * manifest, and the Node and Electron versions the package says it runs on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { check, type QualificationCheck } from './qualification-check.ts';
import { compareWithManifest, parseManifest } from './release-manifest.ts';
import { satisfiesRange } from './version-range.ts';

interface PackageJson {
  version: string;
  engines?: { node?: string };
  devDependencies?: Record<string, string>;
}

export function installChecks(root: string, manifestPath: string, nodeVersion = process.versions.node, electronVersion = process.versions.electron): QualificationCheck[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  const checks: QualificationCheck[] = [
    check('IQ', 'IQ-01', 'Installed version', `package ${SOFTWARE_VERSION} = software version recorded in the ledger (${SOFTWARE_VERSION})`, `package.json ${pkg.version}, code ${SOFTWARE_VERSION}`, pkg.version === SOFTWARE_VERSION),
    manifestCheck(root, manifestPath, pkg.version),
  ];
  const nodeRange = pkg.engines?.node ?? '';
  checks.push(check('IQ', 'IQ-03', 'Node.js version', `node ${nodeRange}`, `node ${nodeVersion}`, satisfiesRange(nodeVersion, nodeRange)));
  const electronRange = pkg.devDependencies?.electron ?? '';
  const installed = electronVersion ?? installedElectron(root);
  const how = electronVersion ? 'running under Electron' : 'installed package (this run is the CLI under Node)';
  checks.push(check('IQ', 'IQ-04', 'Electron version', `electron ${electronRange}`, installed ? `electron ${installed}, ${how}` : 'no Electron installed', installed !== null && satisfiesRange(installed, electronRange)));
  return checks;
}

function manifestCheck(root: string, manifestPath: string, version: string): QualificationCheck {
  const expected = `every shipped file has the SHA-256 the release manifest names, for version ${version}`;
  if (!existsSync(manifestPath)) return check('IQ', 'IQ-02', 'Shipped files against the release manifest', expected, `no release manifest at ${manifestPath}`, false);
  const manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
  if (!manifest.ok) return check('IQ', 'IQ-02', 'Shipped files against the release manifest', expected, manifest.error.message, false);
  const d = compareWithManifest(root, manifest.value);
  const problems = [
    ...d.changed.map((p) => `changed: ${p}`),
    ...d.missing.map((p) => `missing: ${p}`),
    ...d.extra.map((p) => `not in the release: ${p}`),
  ];
  const versionOk = manifest.value.version === version;
  const observed = `${d.checked} files checked; ${problems.length === 0 ? 'all match' : `${problems.length} differ: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? '; …' : ''}`}${versionOk ? '' : `; the manifest is for version ${manifest.value.version}`}`;
  return check('IQ', 'IQ-02', 'Shipped files against the release manifest', expected, observed, problems.length === 0 && versionOk);
}

function installedElectron(root: string): string | null {
  const path = join(root, 'node_modules', 'electron', 'package.json');
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}
