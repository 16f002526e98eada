import { type CSSProperties, createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { accentForText, textOnAccent, validAccent } from '../../../src/domain/brand-colors.ts';
import { portalApi } from '../api.ts';

/** The business's public face, as GET /api/portal/v1/branding gives it (also before sign-in). */
export interface PortalBranding {
  businessName: string;
  logoUrl: string | null;
  accentColor: string;
  footer: string;
}

const BrandingContext = createContext<PortalBranding | null>(null);

/** The branding once loaded; null while loading or when it could not be read (pages then stay generic). */
export function usePortalBranding(): PortalBranding | null {
  return useContext(BrandingContext);
}

/** The business's name for sentences, or the generic words when none is set. */
export function useSupplierName(fallback = 'your supplier'): string {
  return usePortalBranding()?.businessName || fallback;
}

export function PortalBrandingProvider({ children }: { children: ReactNode }) {
  const [branding, setBranding] = useState<PortalBranding | null>(null);
  useEffect(() => {
    portalApi.get<PortalBranding>('/branding').then(setBranding, () => undefined);
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
  return (
    <footer className="portal-footer">
      {branding?.footer && <p className="portal-business-footer">{branding.footer}</p>}
      <p>Secure invoice portal powered by Remit</p>
    </footer>
  );
}
