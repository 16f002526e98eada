import { type CSSProperties, createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accentForText, textOnAccent, validAccent } from '../../../src/domain/brand-colors.ts';
import { portalApi } from '../api.ts';

/** The business's public face, as GET /api/portal/v1/branding gives it (also before sign-in). */
export interface PortalBranding {
  businessName: string;
  logoUrl: string | null;
  accentColor: string;
  footer: string;
  /** The organisation's language and locale ("de", "de-DE"): the portal's before a client signs in. */
  language?: string;
  locale?: string;
}

// undefined while loading, null when it could not be read.
const BrandingContext = createContext<PortalBranding | null | undefined>(undefined);

/** The branding once loaded; null while loading or when it could not be read (pages then stay generic). */
export function usePortalBranding(): PortalBranding | null {
  return useContext(BrandingContext) ?? null;
}

/** Whether the branding request has been answered, either way. */
export function useBrandingSettled(): boolean {
  return useContext(BrandingContext) !== undefined;
}

/** The business's name for sentences, or the generic words when none is set. */
export function useSupplierName(): string {
  const { t } = useTranslation();
  return usePortalBranding()?.businessName || t('app.yourSupplier');
}

export function PortalBrandingProvider({ children }: { children: ReactNode }) {
  const [branding, setBranding] = useState<PortalBranding | null | undefined>(undefined);
  useEffect(() => {
    portalApi.get<PortalBranding>('/branding').then(setBranding, () => setBranding(null));
  }, []);
  return <BrandingContext.Provider value={branding}>{children}</BrandingContext.Provider>;
}

/**
 * The accent as CSS custom properties: the colour itself for fills, with the text colour on it chosen by contrast
 * ratio, and a version darkened to 4.5:1 on white for text and links.
 */
export function brandStyle(branding: PortalBranding | null): CSSProperties | undefined {
  if (!branding) return undefined;
  const accent = validAccent(branding.accentColor);
  return {
    '--portal-accent': accent,
    '--portal-on-accent': textOnAccent(accent),
    '--brand': accentForText(accent),
    '--brand-2': accentForText(accent),
    '--accent': accentForText(accent),
  } as CSSProperties;
}

/** The logo (when uploaded) and the business name, at the start of every portal page's bar. */
export function PortalBrandMark({ fallback }: { fallback: string }) {
  const branding = usePortalBranding();
  const name = branding?.businessName || '';
  return (
    <span className="portal-brand">
      {branding?.logoUrl && <img className="portal-logo" src={branding.logoUrl} alt="" />}
      <span>{name || fallback}</span>
    </span>
  );
}

/** The business's footer text above the portal's own line. */
export function PortalFooter() {
  const branding = usePortalBranding();
  const { t } = useTranslation();
  return (
    <footer className="portal-footer">
      {branding?.footer && <p className="portal-business-footer">{branding.footer}</p>}
      <p>{t('app.poweredBy')}</p>
    </footer>
  );
}
