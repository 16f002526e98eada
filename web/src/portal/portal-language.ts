import { useEffect, useState } from 'react';
import { setDisplayLocale } from '../format.ts';
import { i18next, portalLanguage } from '../i18n.ts';
import { useBrandingSettled, usePortalBranding } from './PortalBrand.tsx';
import type { PortalMe } from './portal-types.ts';

/** The organisation's locale when it is one of the language's ("de-AT" for German), else the language's own. */
function localeFor(language: string, organisationLocale: string | undefined): string {
  const organisationLanguage = organisationLocale?.toLowerCase().split('-')[0];
  return organisationLocale && organisationLanguage === language ? organisationLocale : language;
}

/**
 * Speaks the signed-in client's language, or the organisation's before anyone signs in, with dates and money in
 * the matching locale. True once that language's messages are loaded: pages wait for it rather than flash English.
 */
export function usePortalLanguage(me: PortalMe | null | undefined): boolean {
  const branding = usePortalBranding();
  const settled = useBrandingSettled();
  const language = portalLanguage(me?.client.language ?? branding?.locale);
  const locale = me?.client.locale ?? localeFor(language, branding?.locale);
  const wanted = `${language}|${locale}`;
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!settled) return;
    let live = true;
    setDisplayLocale(locale);
    document.documentElement.lang = language;
    i18next.changeLanguage(language).then(
      () => live && setShown(wanted),
      () => live && setShown(wanted),
    );
    return () => {
      live = false;
    };
  }, [settled, language, locale, wanted]);
  return shown === wanted;
}
