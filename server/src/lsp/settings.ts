// The `claims.*` settings as the server reads them (workspace/configuration, section "claims"),
// with the defaults of package.json. Anything of the wrong type falls back to its default.
import type { CheckOptions, PayerProfile } from '../engine/types';
import { resolveOptions } from '../engine/check';

export interface Settings {
  jwJzPayers: string[];
  /** Payers that require an NDC on drug lines (claims.ndcPayers). */
  ndcPayers: string[];
  payerProfiles: PayerProfile[];
  unconfirmedContainerSeverity: CheckOptions['unconfirmedContainerSeverity'];
  maxNumberOfProblems: number;
  inlayHintsEnabled: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  jwJzPayers: ['medicare'],
  ndcPayers: ['medicaid'],
  payerProfiles: [],
  unconfirmedContainerSeverity: 'information',
  maxNumberOfProblems: 1000,
  inlayHintsEnabled: true,
});

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string').map((s) => s.trim().toLowerCase()).filter((s) => s !== '') : undefined;
}

export function readSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const inlay = (typeof value.inlayHints === 'object' && value.inlayHints !== null ? value.inlayHints : {}) as Record<string, unknown>;
  const profiles = Array.isArray(value.payerProfiles)
    ? value.payerProfiles
        .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string' && (p as { id: string }).id.trim() !== '')
        .map((p) => ({
          id: String(p.id).trim().toLowerCase(),
          // Absent: the payer requires JW/JZ only when claims.jwJzPayers names it (as the engine reads it).
          requiresJwJz: typeof p.requiresJwJz === 'boolean' ? p.requiresJwJz : undefined,
          // Absent: the payer requires NDCs only when claims.ndcPayers names it.
          requiresNdc: typeof p.requiresNdc === 'boolean' ? p.requiresNdc : undefined,
          priorAuthCodes: strings(p.priorAuthCodes)?.map((c) => c.toUpperCase()) ?? [],
        }))
    : undefined;
  const max = typeof value.maxNumberOfProblems === 'number' && Number.isFinite(value.maxNumberOfProblems) && value.maxNumberOfProblems >= 1 ? Math.floor(value.maxNumberOfProblems) : undefined;
  return {
    jwJzPayers: strings(value.jwJzPayers) ?? [...DEFAULT_SETTINGS.jwJzPayers],
    ndcPayers: strings(value.ndcPayers) ?? [...DEFAULT_SETTINGS.ndcPayers],
    payerProfiles: profiles ?? [],
    unconfirmedContainerSeverity: value.unconfirmedContainerSeverity === 'warning' ? 'warning' : DEFAULT_SETTINGS.unconfirmedContainerSeverity,
    maxNumberOfProblems: max ?? DEFAULT_SETTINGS.maxNumberOfProblems,
    inlayHintsEnabled: typeof inlay.enabled === 'boolean' ? inlay.enabled : DEFAULT_SETTINGS.inlayHintsEnabled,
  };
}

/** The engine's options for these settings. */
export function checkOptions(settings: Settings): CheckOptions {
  return resolveOptions({ jwJzPayers: settings.jwJzPayers, ndcPayers: settings.ndcPayers, payerProfiles: settings.payerProfiles, unconfirmedContainerSeverity: settings.unconfirmedContainerSeverity });
}

/** The payer ids the claim model accepts besides the standard ones. */
export function payerIds(settings: Settings): string[] {
  return settings.payerProfiles.map((p) => p.id);
}
